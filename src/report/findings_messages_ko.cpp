// Korean catalogue of the conclusions engine (the default, --lang ko), and the lookup.
#include "report/findings_messages.hpp"

namespace sonde::report {

const FindingMessages& finding_messages_en();

namespace {

const FindingMessages& finding_messages_ko() {
  static const FindingMessages m{
      .title_largest_effect = "어떤 옵션이 성능에 가장 큰 영향을 줬는지",
      .title_memory_limit = "GPU 메모리 한계",
      .title_bandwidth_bound = "모델 크기 대비 throughput 적정치",
      .title_chunked_prefill = "chunked prefill의 효과 여부",
      .title_mnbt = "max_num_batched_tokens 조정 필요성",
      .title_recommendation = "권장 설정안",
      .evidence_label = "근거",
      .confidence_label = "신뢰도",
      .not_measured = "측정 안 됨: {what}",
      .need_sweep =
          "여러 설정의 결과가 있어야 합니다. 스윕을 실행하세요(예: "
          "`sonde sweep examples/sweep-sim.yaml`).",
      .need_chunked =
          "chunked prefill ON과 OFF 지점이 모두 있어야 합니다. "
          "`enable-chunked-prefill: [true, false]` 축으로 스윕을 실행하세요(예: "
          "`sonde sweep examples/sweep-sim.yaml`).",
      .need_mnbt =
          "`--max-num-batched-tokens`만 다른 지점(값 두 개 이상, chunked prefill ON)이 "
          "있어야 합니다(예: `sonde sweep examples/sweep-sim.yaml`).",
      .need_recommend =
          "권장 설정은 여러 설정을 비교해야 나옵니다. 스윕을 실행하세요(예: "
          "`sonde sweep examples/sweep-sim.yaml`, `--goal "
          "throughput|latency|balanced`).",
      .need_ok_points =
          "끝까지 측정된 스윕 지점이 없습니다. 실패한 지점과 로그 발췌를 "
          "확인하세요.",
      .need_kv =
          "KV 캐시 크기를 알 수 없습니다. sonde는 vLLM /metrics의 "
          "`vllm:cache_config_info`에서, 또는 `sonde sweep`이 띄운 서버라면 시작 로그에서 "
          "이 값을 읽습니다.",
      .need_bandwidth =
          "GPU({gpu})의 메모리 대역폭을 알 수 없습니다. `--gpu-bandwidth-gbs`를 "
          "주세요(예: H100 SXM은 3350).",
      .need_params =
          "모델({model})의 파라미터 수를 알 수 없습니다. `--model-params`를 10억 "
          "단위로 주세요(예: Llama-3.1-8B는 8).",
      .need_decode =
          "decode 속도가 측정되지 않았습니다. `output_len`이 1보다 큰 시나리오를 "
          "실행하세요.",
      .conf_spread = "변화 {effect}, 반복 측정 간 편차 {spread}(지점당 {runs}회): {verdict}.",
      .conf_strong = "강함",
      .conf_weak = "약함(편차보다는 크지만 두 배에 못 미침)",
      .conf_noise = "반복 측정 편차 이내",
      .conf_no_repeats =
          "낮음: 지점마다 한 번씩만 측정해 반복 측정 간 편차를 모릅니다({floor} "
          "미만의 변화는 세지 않음). 스윕 파일에 `runs: 3`을 넣으면 편차를 잽니다.",
      .effect_text =
          "{metric}: `{flag}`의 영향이 가장 컸습니다. {n}개 비교에서 평균 {effect} "
          "달라졌고, 가장 큰 차이는 `{scenario}`에서 {low} {low_value}, {high} "
          "{high_value}였습니다.",
      .effect_better = "{n}개 비교 중 {wins}개에서 `{flag}={value}`가 더 좋았습니다.",
      .effect_higher_better = "{n}개 비교 중 {wins}개에서 `{flag}` 값이 큰 쪽이 더 좋았습니다.",
      .effect_lower_better = "{n}개 비교 중 {wins}개에서 `{flag}` 값이 작은 쪽이 더 좋았습니다.",
      .effect_mixed =
          "어느 값이 나은지는 시나리오마다 다릅니다(`{flag}={value}`가 {n}개 비교 중 "
          "{wins}개에서 우세).",
      .effect_next = "다음은 `{flag}`({effect})입니다.",
      .effect_none =
          "{metric}: 뚜렷하게 바꾼 설정이 없습니다. 가장 큰 변화인 `{flag}`의 평균 "
          "{effect}도 잡음 범위입니다.",
      .effect_evidence =
          "비교한 지점 {pairs}(다른 설정은 같거나 스윕이 허용하는 한 가장 "
          "가까움). 값은 시나리오별 결과 표에 있습니다.",
      .mem_capacity =
          "KV 캐시는 {tokens} 토큰을 담습니다({source}). 한 번에 1k 토큰 요청 "
          "{c1k}개, 3k {c3k}개, 6k {c6k}개, 10k {c10k}개가 들어갑니다(프롬프트 + 출력, "
          "블록 단위).",
      .mem_group =
          "{points}: KV 캐시 {tokens} 토큰({source}), 한 번에 1k 토큰 요청 {c1k}개, "
          "3k {c3k}개, 6k {c6k}개, 10k {c10k}개가 들어갑니다.",
      .mem_source_startup = "vLLM 시작 로그",
      .mem_source_cache = "{blocks} 블록 × {block_size} 토큰, `vllm:cache_config_info`",
      .mem_server_line =
          "vLLM 시작 로그의 최대 동시성 줄은 요청당 {n} 토큰에 {x}x, 즉 10k 토큰에 "
          "{x10k}개이며, KV 캐시 크기로 계산하면 {n} 토큰에 {ours}x입니다(차이 "
          "{diff}).",
      .mem_longest =
          "이 실행에서 가장 긴 요청 `{name}`({tokens} 토큰)은 한 번에 {c}개 "
          "들어갑니다.",
      .mem_peak =
          "관측된 KV 캐시 사용률 최고치는 `{name}`의 {peak}입니다(실행 중 {running}, "
          "대기 {waiting}).",
      .mem_preempt_none = "선점된 요청은 없습니다.",
      .mem_preempt =
          "vLLM이 요청 {n}개를 선점했습니다({list}). KV 캐시에 빈 블록이 "
          "모자랐다는 뜻입니다.",
      .mem_failed = "GPU 메모리가 모자라 시작하지 못한 지점 {n}개: {list}.",
      .mem_evidence_run =
          "1장 설정의 `num-gpu-blocks`, `block-size`; 3장의 KV 캐시 최고치와 선점 "
          "열.",
      .mem_evidence_sweep =
          "지점 표의 KV 캐시·최대 동시성 열; 각 지점 run.json의 서버 측 KV 캐시 "
          "최고치; 실패한 지점의 로그 발췌.",
      .mem_conf_agree = "높음: KV 캐시 크기와 vLLM의 최대 동시성 줄이 {diff} 이내로 일치합니다.",
      .mem_conf_differ = "확인 필요: KV 캐시 크기와 vLLM의 최대 동시성 줄이 {diff} 다릅니다.",
      .mem_conf_one = "높음: vLLM 자체 수치(출처 하나).",
      .mem_conf_peak_only = "관측 사용률만 있고 용량은 모릅니다.",
      .bw_text =
          "`{name}`(동시성 {c})의 스트림당 decode 속도는 {tok_s} tok/s로, 메모리 대역폭 "
          "한계 {bound} tok/s({bw} GB/s ÷ GPU당 가중치 {weights} GB, "
          "tensor-parallel-size {tp})의 {eff}입니다.",
      .bw_aggregate =
          "전체로는 `{name}`이 동시성 {c}에서 {tput} tok/s로, 한계의 {c}배"
          "({agg_bound} tok/s)의 {agg_eff}입니다.",
      .bw_range =
          "{n}개 지점에서 스트림당 decode는 한계의 {min_eff}~{max_eff}였습니다(가장 낮음 "
          "{min_point}, 가장 높음 {max_point}).",
      .bw_above =
          "한계를 넘습니다. 수치를 확인하세요(`--gpu-bandwidth-gbs`, `--model-params`; "
          "MoE 모델은 활성 전문가의 가중치만 읽습니다).",
      .bw_close =
          "decode가 메모리 대역폭에 묶여 있어 이 모델 크기에 맞는 수준입니다. 스트림당 "
          "속도를 올리려면 가중치 바이트를 줄이거나(양자화) GPU를 늘려야 하고, 전체 "
          "처리량은 배치를 키워야 늘어납니다.",
      .bw_below =
          "한계보다 한참 낮습니다. 가중치 읽기보다 스텝마다의 부가 비용(스케줄링, CPU, "
          "작은 커널, tensor-parallel 통신)이 더 큽니다.",
      .bw_evidence =
          "{gpu}: {bw} GB/s({bw_source}); {model}: 파라미터 {params} B"
          "({params_source}) × {bpp} 바이트({bpp_source}); 해당 시나리오의 요청별 "
          "decode 속도(decode tok/s p50).",
      .bw_src_flag = "플래그로 지정",
      .bw_src_profile = "내장 프로파일",
      .bw_conf =
          "보통: 한계는 가중치 읽기만 셉니다(KV 캐시 읽기와 연산은 빠짐). 문맥이 길거나 "
          "배치가 크면 도달 가능한 비율이 낮아집니다.",
      .chunk_helped = "ON이 도움: {list}.",
      .chunk_hurt = "ON이 손해: {list}.",
      .chunk_neutral = "뚜렷한 변화 없음: {list}.",
      .chunk_nothing = "chunked prefill을 켜고 끈 차이가 잡음 범위를 넘지 않았습니다.",
      .chunk_item = "`{name}`({len} 토큰) {metric} {change}(OFF {off} → ON {on})",
      .chunk_evidence = "비교한 지점 {pairs}; 스윕 리포트 4장(chunked prefill ON/OFF).",
      .mnbt_raise =
          "`--max-num-batched-tokens`를 {lo}에서 {hi}로 올린 효과가 있었습니다. {lo} "
          "토큰보다 긴 프롬프트의 TTFT {ttft}, 동시 스트림의 ITL p99 {itl}, 출력 tok/s "
          "{tput}. {hi} 이상을 쓰세요.",
      .mnbt_lower =
          "`--max-num-batched-tokens`를 {lo}에서 {hi}로 올려도 이득이 없었습니다. 긴 "
          "프롬프트의 TTFT {ttft}, 동시 스트림의 ITL p99 {itl}, 출력 tok/s {tput}. "
          "{lo}로 두세요.",
      .mnbt_tradeoff =
          "맞교환 관계입니다. `--max-num-batched-tokens`를 {lo}에서 {hi}로 올리면 "
          "{lo} 토큰보다 긴 프롬프트의 TTFT가 {ttft}, 그동안 decode 중인 스트림의 "
          "ITL p99가 {itl} 달라졌습니다(출력 tok/s {tput}). 긴 프롬프트의 TTFT가 "
          "중요하면 올리고, 끊김 없는 스트리밍이 중요하면 {lo}로 두세요.",
      .mnbt_none =
          "조정할 필요가 없습니다. {lo}와 {hi} 사이에서 긴 프롬프트의 TTFT({ttft}), ITL "
          "p99({itl}), 출력 tok/s({tput})가 잡음 이상으로 달라지지 않았습니다.",
      .mnbt_evidence =
          "이 값만 다른 지점 {pairs}; 긴 프롬프트 비교 {long}개, 동시 요청 비교 "
          "{busy}개; 스윕 리포트의 `max-num-batched-tokens` 표.",
      .goal_throughput = "처리량(가장 높은 동시성에서 평균 출력 tok/s 최대)",
      .goal_latency = "지연(시나리오마다 가장 좋은 지점 대비 TTFT p99와 TPOT p99 최소)",
      .goal_balanced =
          "처리량과 지연의 균형(출력 tok/s, TTFT p99, TPOT p99 각각을 시나리오마다 "
          "가장 좋은 지점과 비교)",
      .rec_text = "{goal} 목표라면 {point}(`{settings}`)를 권장합니다: {figures}.",
      .rec_runner_up = "차선은 {point}(`{settings}`)로 {margin} 뒤집니다.",
      .rec_alone = "측정된 지점이 하나뿐이라 차선이 없습니다.",
      .rec_slo_pass = "{total}개 지점 중 {passed}개가 {slos}를 만족합니다.",
      .rec_slo_none =
          "{total}개 지점 중 {slos}를 만족하는 지점이 없어 가장 가까운 지점을 "
          "보입니다.",
      .rec_figures =
          "동시성 {c}에서 {tput} tok/s, 가장 나쁜 시나리오의 TTFT p99 {ttft} ms, "
          "TPOT p99 {tpot} ms",
      .rec_evidence = "점수(좋은 순): {scores}; 지점별 값은 시나리오별 결과 표에 있습니다.",
      .rec_conf_margin = "차이 {margin}, 반복 측정 간 편차 {spread}: {verdict}.",
      .rec_conf_no_repeats =
          "낮음: 차이 {margin}, 지점마다 한 번씩만 측정했습니다(반복 측정 간 "
          "편차를 모름; 스윕 파일에 `runs: 3`).",
      .rec_cap_text =
          "{point}(`{settings}`)를 권장합니다: SLO를 만족하는 파레토 프런티어 지점 중 GPU당 "
          "용량이 가장 큽니다. GPU당 {cpg} req/s(GPU당 출력 {tpg} tok/s, 사용자당 {tpu} tok/s).",
      .rec_cap_less =
          "차선은 {point}(`{settings}`)로 역시 프런티어 위에 있습니다: GPU당 용량이 {cpg} "
          "작은 대신 사용자당 tokens/s가 {tpu} 큽니다. 사용자에게 더 빠른 스트림이 필요하면 "
          "이쪽을 고르세요.",
      .rec_cap_off =
          "차선은 {point}(`{settings}`)로 SLO는 만족하지만 프런티어 밖에 있습니다: {by}가 GPU당 "
          "출력 tok/s와 사용자당 tok/s 모두 더 큽니다.",
      .rec_cap_miss =
          "차선 {point}(`{settings}`)는 제외됩니다: 자기 용량에서 {slos}를 만족하지 못합니다.",
      .rec_cap_alone = "용량을 비교할 다른 지점이 없습니다.",
      .rec_cap_none =
          "SLO({slos})를 만족하는 용량을 가진 지점이 없습니다. SLO를 완화하거나 다른 설정을 "
          "시도하세요.",
      .rec_cap_none_measured =
          "용량이 측정된 지점이 없습니다: 어느 지점에서도 capacity 블록의 SLO를 만족하는 부하가 "
          "없었거나 측정된 지점이 없습니다.",
      .rec_cap_evidence =
          "GPU당 용량(큰 순): {ranking}; 파레토 프런티어: {frontier}(\"GPU당 용량\" 절과 "
          "sweep.json `capacity`).",
      .rec_cap_conf = "GPU당 용량 차이 {margin}, 탐색 해상도 10 % 대비: {verdict}.",
      .conf_cap_clear = "분명한 우위",
      .conf_cap_tie = "해상도 이내, 사실상 동률",
  };
  return m;
}

}  // namespace

const FindingMessages& finding_messages(Lang lang) {
  return lang == Lang::ko ? finding_messages_ko() : finding_messages_en();
}

}  // namespace sonde::report
