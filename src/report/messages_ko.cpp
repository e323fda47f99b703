// Korean catalogue (default report language).
#include "report/messages.hpp"

namespace sonde::report {

const Messages& messages_ko() {
  static const Messages m{
      .title = "vLLM 성능 분석 리포트",
      .sim_banner =
          "**이 수치는 실제 GPU가 아니라 sonde 내장 시뮬레이터(프로파일: {profile})에서 나온 "
          "것입니다. 시뮬레이터는 실제 시간보다 {speed}배 빠르게 실행되었고, 모든 시간은 "
          "시뮬레이션된 GPU 기준 시간으로 되돌려 환산했습니다.**",
      .sim_detected =
          "`{url}` 서버는 `--base-url`로 측정했지만 스스로 `sonde sim`이라고 밝혔습니다"
          "(`x-sonde-sim` 헤더). 그래서 시간은 `--sim`과 똑같이 환산했으며, 이 리포트의 어떤 "
          "수치도 실제 GPU를 나타내지 않습니다.",
      .incomplete =
          "**실행이 끝까지 완료되지 않았습니다**: {reason}. 기록된 시나리오만 "
          "보고합니다.",
      .invalid_banner =
          "**유효한 측정이 아닙니다**: {list}. 수치는 표시하지만 서버의 성능이 아닙니다. 먼저 "
          "실패 원인을 해결하세요(`--max-failed-pct 100`을 주면 이런 실행도 받아들입니다).",
      .invalid_no_success = "`{name}`: 성공한 요청이 없습니다({total}개 중 {failed}개 실패)",
      .invalid_too_many = "`{name}`: {pct}%의 요청이 실패해 `--max-failed-pct` {max}%를 넘었습니다",
      .run_meta = "실행 ID `{run_id}` · 시작 {started} · 종료 {finished} · sonde {version}",
      .warn_heading = "주의 사항",
      .warn_prefix =
          "vLLM이 프롬프트 일부를 prefix 캐시에서 처리했습니다(적중률 1% 초과): {list}. "
          "캐시된 프롬프트 토큰은 prefill을 건너뛰므로 이 시나리오의 TTFT와 처리량은 실제보다 "
          "좋게 나왔을 수 있습니다.",
      .warn_prefix_item = "`{name}` {rate}(프롬프트 토큰 {queries}개 중 {hits}개)",
      .warn_prefix_intended =
          "`{name}`은(는) 의도적으로 같은 프롬프트를 반복합니다(`repeat_prompt: true`). prefix "
          "캐시 적중률 {rate}는 prefix 캐싱의 효과를 보여 줍니다.",
      .warn_prefix_shared =
          "`{name}`은(는) 의도적으로 프롬프트 prefix를 공유합니다(`shared_prefix`). 예상 prefix "
          "캐시 적중률 {expected}, 서버가 잰 적중률 {rate}.",
      .warn_prefix_trace =
          "`{name}`은(는) 해시 id로 프롬프트 prefix를 공유하는 Mooncake 트레이스를 재생합니다. "
          "예상 "
          "prefix 캐시 적중률 {expected}, 서버가 잰 적중률 {rate}.",
      .warn_prefix_conversation =
          "`{name}`은(는) 의도적으로 대화 기록을 매 턴 다시 보냅니다(`conversation`). prefix 캐시 "
          "적중률 {rate}는 서버가 다시 계산하지 않은 대화 기록의 비율입니다.",
      .warn_preempt =
          "vLLM이 요청을 선점(preemption)했습니다: {list}. 선점된 요청은 KV 캐시 블록을 "
          "내주고 나중에 다시 계산되므로 latency가 늘어납니다.",
      .warn_preempt_item = "`{name}` {n}회",
      .warn_vram_none = "GPU 메모리(VRAM)를 측정하지 못했습니다: {why}.",
      .warn_vram_some = "{list}의 GPU 메모리(VRAM) 측정값이 없습니다: {why}.",
      .vram_why_no_source = "sonde가 사용할 수 있는 GPU 정보 출처가 없었습니다",
      .vram_why_no_gpu = "서버 호스트에서 NVIDIA GPU를 찾지 못했습니다",
      .vram_why_remote =
          "서버가 다른 호스트에 있는데 그 서버의 GPU 정보 출처가 주어지지 않았습니다",
      .vram_why_no_reading = "GPU 정보 출처(`{source}`)가 측정값을 돌려주지 않았습니다",
      .vram_last_error = " (읽기 실패 {failed}회, 마지막 오류: {error})",
      .hint_gpu_url =
          "다른 호스트의 서버라면 그 서버의 DCGM exporter를 알려 주세요: "
          "`--gpu-metrics-url http://<server>:9400/metrics`.",
      .warn_metrics_none =
          "vLLM의 `/metrics`를 읽지 못해 서버 측 열(대기, prefill, 디코드, KV 캐시, 선점)이 "
          "비어 있습니다(—). vLLM은 기본으로 `/metrics`를 제공하니 sonde에서 접근할 수 있는지 "
          "확인하세요.",
      .warn_metrics_some =
          "{list}에서는 vLLM의 `/metrics`를 읽지 못해 서버 측 열이 비어 "
          "있습니다(—).",
      .warn_reset =
          "{list} 동안 vLLM 카운터가 줄어들었습니다(서버 재시작?). 이 시나리오의 서버 "
          "측 수치에는 시나리오 이전의 작업이 섞여 있을 수 있습니다.",
      .env_heading = "1. 테스트 환경",
      .env_cpu = "CPU",
      .env_ram = "메모리 (RAM)",
      .env_gpu = "GPU",
      .env_vram = "VRAM",
      .env_gpu_count = "GPU 개수",
      .env_os = "OS",
      .env_cuda = "CUDA",
      .env_driver = "드라이버",
      .env_vllm = "vLLM 버전",
      .env_model = "모델",
      .env_max_model_len = "최대 컨텍스트 길이 (max_model_len)",
      .env_tp = "Tensor Parallel",
      .env_quant = "Quantization",
      .env_chunked = "Chunked Prefill",
      .env_target = "대상 서버",
      .not_recorded = "미기록",
      .simulated_gpu = "시뮬레이션 ({profile})",
      .env_cpu_line = "{model} ({cores}코어 / {threads}스레드, {arch})",
      .env_os_line = "{name} (커널 {kernel})",
      .env_client_suffix = " _(클라이언트 호스트)_",
      .gpu_none = "NVIDIA GPU 없음",
      .simulated_gpu_named = "{gpus}, 시뮬레이션 ({profile})",
      .vram_per_gpu = "GPU당 {gib} GiB",
      .cuda_line = "{version} (드라이버가 지원하는 최신 CUDA)",
      .sim_na = "해당 없음 (시뮬레이션)",
      .value_none = "없음",
      .env_note_client =
          "_서버가 다른 호스트에 있어 위의 CPU, 메모리, OS는 서버가 아니라 클라이언트 "
          "호스트(sonde를 실행한 머신)의 정보입니다._",
      .env_hint_no_env =
          "_이 run.json에는 환경 기록이 없습니다. 서버 호스트에서 `sonde specs`를 "
          "실행하면 출력됩니다._",
      .env_hint_gpu =
          "_GPU 항목은 서버가 sonde와 같은 호스트에 있으면 NVML 또는 `nvidia-smi`로, "
          "아니면 서버의 DCGM exporter로 채웁니다: "
          "`--gpu-metrics-url http://<server>:9400/metrics`._",
      .env_hint_settings =
          "_sonde가 직접 띄우지 않은 서버의 vLLM 설정은 알려 주어야 기록됩니다: "
          "`sonde run --server-args \"--tensor-parallel-size 2 --enable-chunked-prefill ...\"`"
          "(서버 실행 플래그 그대로) 또는 스위트 YAML의 `server:` 블록._",
      .settings_intro = "sonde가 아는 vLLM 설정과 각 값의 출처:",
      .settings_header = "| 설정 | 값 | 출처 |",
      .settings_conflict = "**{values}** (출처 간 불일치, 주의 사항 참고)",
      .src_simulator = "시뮬레이터",
      .src_launched = "sonde가 실행",
      .src_suite = "스위트 YAML `server:`",
      .src_cache_config = "`/metrics` cache_config_info",
      .conditions =
          "측정 조건: 엔드포인트 `{endpoint}`, ignore_eos {ignore_eos}, 워밍업 요청 "
          "{warmup}개(집계 제외), 코퍼스 `{corpus}`, 시드 {seed}, 요청 타임아웃 "
          "{timeout} s.",
      .client_line =
          "측정 클라이언트: sonde, {transport} 전송, 이벤트 루프 스레드 {threads}개; "
          "자체 CPU 사용률 최대 {cpu} %(시나리오 `{scenario}`), 수신 지연(backlog) "
          "최대 {backlog} ms.",
      .on = "ON",
      .off = "OFF",
      .sum_heading = "2. 벤치마크 결과 요약",
      .sum_intro =
          "입력 길이별 시나리오(closed loop, 한 번에 요청 1개). Latency는 요청 전송부터 스트림 "
          "끝까지(E2E)의 평균입니다. Tokens/sec의 “디코드”는 스트림 하나의 토큰 생성 속도"
          "((출력 토큰 − 1) ÷ 디코드 시간), “E2E”는 기본 스크립트 방식(출력 토큰 ÷ E2E 시간)으로 "
          "prefill 시간까지 포함합니다. TTFT는 첫 텍스트 청크까지, TPOT는 디코드 시간 ÷ "
          "(출력 토큰 − 1)입니다.",
      .sum_header =
          "| 케이스 | 입력 길이 (목표 / 측정 평균) | Latency E2E 평균 (s) | "
          "Tokens/sec 디코드 / E2E | TTFT 평균 / p50 (ms) | 서버 대기 / prefill 평균 "
          "(ms) | TPOT 평균 (ms) | 디코드 시간 평균 클라이언트 / 서버 (s) | "
          "KV 캐시 최대 | GPU VRAM 최대 / 전체 (GiB) | 비고 |",
      .sum_none = "이 실행에는 입력 길이별 시나리오(closed loop, 동시 요청 1개)가 없습니다.",
      .note_ok = "성공 {completed}/{total}",
      .note_failed = "실패 {n} ({kinds})",
      .note_mismatch = "출력 길이 불일치 {n}",
      .server_note =
          "서버 측 열은 vLLM 자신의 `/metrics` 히스토그램을 시나리오 전후로 비교한 값입니다: "
          "대기 = 스케줄되기까지 기다린 시간, prefill = 스케줄 → 첫 토큰, 디코드 = 첫 토큰 → "
          "마지막 토큰. KV 캐시 최대는 시나리오 중 샘플링한 `kv_cache_usage_perc`의 최댓값, "
          "GPU VRAM은 가장 많이 쓴 GPU의 최대 사용량 / 전체 용량입니다. 참고: vLLM은 시작할 때 "
          "`gpu_memory_utilization × VRAM`을 미리 확보하므로 실행 중 VRAM 사용량은 거의 변하지 "
          "않고, 부하에 따라 차는 것은 KV 캐시입니다.",
      .goodput_header = "Goodput `{slos}`: 충족 / req/s",
      .goodput_cell = "{pct}% ({good}/{total}) · {rate}",
      .energy_header = "GPU J/토큰 (평균 W)",
      .energy_cell = "{jpt} ({power} W)",
      .energy_note =
          "GPU J/토큰은 시나리오 동안 모든 GPU가 쓴 에너지(첫 측정과 마지막 측정 사이의 카운터 "
          "차이, 카운터가 없으면 전력을 시간에 대해 적분한 값)를 성공한 요청의 출력 토큰 수로 "
          "나눈 값이고, 평균 W는 같은 구간의 평균 전력입니다. 출처: {sources}.",
      .conc_heading = "3. 동시성 테스트 결과",
      .conc_intro =
          "burst(요청 c개를 동시에 보내고 모두 끝나면 다음 묶음), rate(개방 루프, 초당 R개 "
          "포아송 도착) 또는 동시성 2 이상인 시나리오입니다. Latency는 요청별 E2E 시간, 처리량은 "
          "시나리오 전체 시간(첫 전송 → 마지막 완료) 기준입니다.",
      .conc_header =
          "| Concurrency | 시나리오 (부하) | 입력 / 출력 토큰 | 평균 Latency (s) | "
          "최대 Latency (s) | 최소 Latency (s) | 출력 처리량 (tok/s) | "
          "요청 처리량 (req/s) | TTFT p50 / p99 (ms) | 서버 대기 / prefill 평균 "
          "(ms) | KV 캐시 최대 | 대기 요청 최대 | 선점 | GPU VRAM 최대 / 전체 (GiB) | "
          "실패 |",
      .conc_none = "이 실행에는 동시성 시나리오가 없습니다.",
      .rate_cell = "{rate} req/s (최대 {max})",
      .rate_cell_unbounded = "{rate} req/s",
      .rate_corrected =
          "`{name}`: 의도한 전송 시각부터 잰(coordinated omission 보정) E2E 평균 {e2el_mean} s, "
          "p99 {e2el_p99} s, TTFT p99 {ttft_p99} ms; 클라이언트 대기 최대 {queue_max} ms.",
      .reasoning_line =
          "`{name}`는 답하기 전에 추론합니다: TTFO(첫 답변 토큰까지 시간) p50 {ttfo_p50} ms, "
          "p99 {ttfo_p99} ms, TTFT p50 {ttft_p50} ms; 추론 토큰 p50 {tokens_p50}, "
          "p99 {tokens_p99} (출력 토큰에 포함).",
      .spec_decode_line =
          "`{name}`는 speculative decoding으로 실행되었습니다: 초안 토큰의 {rate}%가 채택되었고, "
          "검증 단계마다 평균 {length}개 토큰이 나왔습니다(초안 {drafts}개). 이때 스트림 청크 "
          "하나에 여러 토큰이 실리므로 ITL은 청크 단위, TPOT은 토큰 단위입니다: ITL p50 {itl} ms, "
          "TPOT p50 {tpot} ms.",
      .case_len = "입력 {len} 토큰, 한 번에 요청 1개",
      .case_conc = "동시성 {c}",
      .case_rate = "초당 {rate}개 요청",
      .case_trace = "트레이스 재생 x{speedup}",
      .turns_intro =
          "`{name}`은(는) {turns}턴짜리 대화 {users}개입니다(답변과 다음 메시지 사이 생각 시간 "
          "{think} s). k번째 턴은 이전 메시지와 답변을 모두 담은 전체 대화 기록을 보내므로 입력은 "
          "턴마다 커지고, 서버의 prefix 캐시는 이미 본 부분을 재사용할 수 있습니다:",
      .turns_header =
          "| 턴 | 요청 (성공 / 전송) | 평균 입력 토큰 | 평균 캐시 토큰 | TTFT p50 / p90 / p99 (ms) "
          "| "
          "캐시 적중 / 미적중 TTFT p50 (ms) | TPOT p50 (ms) |",
      .chunk_heading = "4. Chunked Prefill 비교",
      .chunk_text =
          "이 실행은 서버 하나를 한 가지 설정으로 측정했으므로 ON/OFF 비교가 없습니다. "
          "비교하려면 `sonde sweep`(두 설정을 나열한 sweep 파일)으로 설정을 바꿔 가며 측정하거나, "
          "chunked prefill을 "
          "켠 서버와 끈 서버를 각각 `sonde run`으로 측정하세요.",
      .chunk_header = "| 입력 길이 | A(ON) latency | B(OFF) latency | 속도 향상률 |",
      .concl_heading = "5. 결론",
      .concl_ttft =
          "입력이 {from_len} → {to_len} 토큰으로 늘 때 TTFT 평균은 {from_ttft} → {to_ttft} ms"
          "입니다. 최소제곱 직선으로 입력 1k 토큰당 TTFT가 {slope} ms 늘어납니다"
          "(R² = {r2}, 케이스 {n}개).",
      .concl_ttft_missing =
          "입력 길이가 다른 시나리오가 2개 미만이라 입력 길이에 따른 TTFT 증가율은 구하지 "
          "않았습니다.",
      .concl_decode =
          "입력 길이별 시나리오에서 스트림 하나의 디코드 속도는 {min}–{max} tok/s"
          "(TPOT 평균 {tpot_min}–{tpot_max} ms)입니다.",
      .concl_conc =
          "동시성 {c_from} → {c_to}에서 출력 처리량은 {tput_from} → {tput_to} tok/s"
          "(×{tput_x}), 평균 E2E latency는 {lat_from} → {lat_to} s(×{lat_x}), 스트림당 디코드 "
          "속도는 {dec_from} → {dec_to} tok/s입니다.",
      .concl_conc_missing = "동시성 수준이 2개 미만이라 동시성에 따른 변화는 구하지 않았습니다.",
      .concl_no_failures = "실패한 요청이 없습니다(측정 요청 {total}개 모두 성공).",
      .concl_failures =
          "측정 요청 {total}개 중 {failed}개가 실패했습니다: {details}. 실패한 "
          "요청은 latency 통계에서 제외했습니다.",
      .concl_mismatch = "출력 토큰 수가 요청한 길이와 다른 응답이 {n}개 있습니다: {details}.",
      .concl_calibration =
          "입력 토큰 수는 목표 대비 최대 {max_err}% 차이입니다(보정 방법: {methods}).",
      .concl_sim = "위 수치는 시뮬레이터의 결과이며 실제 GPU의 측정값이 아닙니다.",
      .concl_ttft_split =
          "`{name}`({case})의 클라이언트 TTFT 평균 {ttft} ms 중 vLLM은 대기열에서 {queue} ms"
          "({queue_pct}), prefill에 {prefill} ms({prefill_pct})를 썼습니다. 나머지 {rest} ms는 "
          "이 두 타이머 밖(HTTP, 토큰화, 네트워크)의 시간입니다.",
      .concl_kv =
          "vLLM의 KV 캐시 사용률은 `{max_name}`({max_case})에서 최대 {max}였고(실행 중 요청 "
          "최대 {running}개, 대기 요청 최대 {waiting}개), `{min_name}`({min_case})에서는 "
          "{min}였습니다.",
      .concl_kv_one =
          "vLLM의 KV 캐시 사용률은 `{max_name}`({max_case})에서 최대 {max}였습니다"
          "(실행 중 요청 최대 {running}개, 대기 요청 최대 {waiting}개).",
      .concl_kv_capacity =
          "KV 캐시 용량은 {blocks} 블록 × {block_size} 토큰 = {tokens} "
          "토큰입니다.",
      .concl_preempt =
          "vLLM이 모두 {n}번 요청을 선점했습니다({list}). vLLM은 실행 중인 요청에 "
          "줄 KV 캐시 블록이 없을 때 선점합니다.",
      .concl_tokens_equal =
          "vLLM 자체 토큰 카운터(시나리오 {n}개, 프롬프트 {prompt}, 생성 {generated} 토큰)가 "
          "클라이언트가 받은 usage 합계와 정확히 일치합니다.",
      .concl_tokens_differ =
          "vLLM 자체 토큰 카운터(시나리오 {n}개, 프롬프트 {prompt}, 생성 {generated} 토큰)가 "
          "클라이언트 usage 합계(프롬프트 {client_prompt}, 생성 {client_generated})와 다릅니다. "
          "실패한 요청이나 같은 서버를 쓰는 다른 클라이언트의 요청 때문일 수 있습니다.",
      .concl_vram =
          "GPU 메모리 최대 사용량은 시나리오 {n}개에 걸쳐 {min}–{max} GiB(전체 "
          "{total} GiB, 최대 {pct})였습니다.",
      .concl_vram_one =
          "`{name}`의 GPU 메모리 최대 사용량은 {peak} GiB(전체 {total} GiB, "
          "{pct})였습니다.",
      .concl_vram_reserve =
          "gpu-memory-utilization {util}이면 vLLM은 시작할 때 GPU마다 "
          "{reserve} GiB를 확보합니다.",
      // ---- report.html and its charts (html.cpp, charts.cpp) ----
      .html_contents = "목차",
      .chart_breakdown_title = "입력 길이별 지연 시간 구성",
      .chart_breakdown_caption =
          "요청 하나의 평균 TTFT(prefill과 대기)와 평균 디코드 시간을 쌓은 막대입니다. 막대 위 "
          "합계는 평균 E2E latency와 거의 같습니다.",
      .chart_ttft_len_title = "입력 길이에 따른 TTFT",
      .chart_tpot_len_title = "입력 길이에 따른 TPOT",
      .chart_len_caption =
          "왼쪽: 첫 토큰까지의 시간은 프롬프트가 길수록(prefill) 늘어납니다. 오른쪽: 출력 토큰당 "
          "시간으로, 스트림 하나일 때는 입력 길이에 따라 거의 변하지 않아야 합니다.",
      .chart_tput_conc_title = "동시성에 따른 출력 처리량",
      .chart_lat_conc_title = "동시성에 따른 E2E latency",
      .chart_conc_caption =
          "왼쪽: 전체 요청의 초당 출력 토큰 수. 오른쪽: 요청별 E2E latency. 처리량은 더 늘지 "
          "않는데 latency만 계속 오르면 포화 상태입니다.",
      .chart_cdf_len_title = "입력 길이별 TTFT 분포",
      .chart_cdf_conc_title = "시나리오별 TTFT 분포",
      .chart_cdf_caption =
          "TTFT가 x 값 이하인 성공 요청의 누적 비율입니다. 곡선이 오른쪽에 있을수록 느리고, "
          "평평한 구간은 요청 묶음 사이의 간격입니다.",
      .chart_cdf_missing =
          "TTFT 분포를 그리려면 요청별 기록(requests.jsonl)이 필요한데 이 리포트에는 없습니다.",
      .chart_mem_title = "시간에 따른 GPU 메모리 사용량",
      .chart_kv_title = "시간에 따른 KV 캐시 사용률",
      .chart_mem_caption =
          "GPU 메모리는 vLLM이 시작할 때 확보한 양 근처에 머물고, 부하에 따라 차는 것은 KV "
          "캐시입니다.",
      .chart_mem_missing =
          "시간에 따른 GPU 메모리와 KV 캐시 그래프를 그리려면 실행의 "
          "telemetry.jsonl이 필요한데 이 리포트에는 없습니다.",
      .chart_power_title = "시간에 따른 GPU 전력",
      .chart_power_caption =
          "시나리오가 실행되는 동안 각 GPU가 쓴 전력입니다. 선 아래 면적이 J/토큰 열에서 출력 "
          "토큰 수로 나누는 에너지입니다.",
      .chart_chunk_title = "Chunked Prefill ON / OFF",
      .chart_chunk_caption = "입력 길이별 평균 E2E latency, chunked prefill을 켠 경우와 끈 경우.",
      .chart_turn_title = "대화 턴별 TTFT",
      .chart_turn_caption =
          "대화 시나리오의 턴별 첫 토큰까지 시간입니다. 뒤 턴일수록 대화 기록이 길어지지만, prefix "
          "캐시가 켜져 있으면 서버는 아직 보지 않은 부분(마지막 답변과 새 메시지)만 계산하므로 "
          "TTFT는 입력보다 훨씬 적게 늘어납니다. 서버가 캐시된 토큰 수를 알려 준 경우, 두 선이 "
          "더해져 "
          "턴마다 prefix 캐시 적중 요청과 적중 없는 요청의 p50을 따로 보여 줍니다.",
      .axis_input_len = "입력 길이 (토큰)",
      .axis_concurrency = "동시성 (동시 요청 수)",
      .axis_turn = "턴",
      .axis_latency_s = "Latency (s)",
      .axis_ttft_ms = "TTFT (ms)",
      .axis_tpot_ms = "TPOT (ms)",
      .axis_tput = "출력 처리량 (tok/s)",
      .axis_fraction = "요청 비율",
      .axis_elapsed_s = "시작 후 경과 시간 (s)",
      .axis_gpu_mem_gib = "GPU 메모리 사용량 (GiB)",
      .axis_kv_usage = "KV 캐시 사용률",
      .axis_power_w = "GPU 전력 (W)",
      .series_ttft = "TTFT",
      .series_decode = "디코드",
      .series_mean = "평균",
      .series_p99 = "p99",
      .series_p50 = "p50",
      .series_p90 = "p90",
      .series_p50_hit = "p50, prefix 캐시 적중",
      .series_p50_miss = "p50, 적중 없음",
      .series_gpu = "GPU {index}",
      .series_kv = "KV 캐시",
      .cat_tokens = "{n} 토큰",
      // ---- end of report.html block ----
      // Capacity
      .cap_heading = "SLO 기준 처리 용량",
      .cap_method =
          "각 프로브는 한 부하에서 돌린 이 실행의 일반 시나리오입니다. 달성률은 정상 상태 구간"
          "(docs/metrics.md)에 보낸 요청 가운데 성공하고 모든 `--goodput` SLO를 지킨 요청의 "
          "비율입니다. 탐색은 프로브가 실패할 때까지 부하를 두 배로 올리고, 마지막 통과와 첫 "
          "실패 사이를 이분 탐색한 뒤 답을 한 번 더 측정해 확인합니다. 대기열이 계속 늘기만 하는 "
          "프로브는 포화로 보고 일찍 멈춥니다.",
      .cap_found =
          "처리 용량: **{load}** — 정상 상태에서 요청의 {target} % 이상이 `{slos}`를 지킨 가장 "
          "높은 부하이며, 반복 측정으로 확인했습니다(그때 출력 {tps} tok/s). 구간 [{lo}, {hi}], "
          "프로브 {n}개.",
      .cap_at_max =
          "허용한 가장 높은 부하 **{load}**까지 모든 부하에서 요청의 {target} % 이상이 `{slos}`를 "
          "지켰습니다: 처리 용량은 그 이상입니다(더 높이 찾으려면 `--max-rate`를 올리세요).",
      .cap_lowest =
          "가장 낮은 부하 {load}에서 이미 실패했습니다: `{slos}`를 지킨 요청이 {pct} %로 목표 "
          "{target} %보다 낮습니다. `--start-rate`를 낮추거나 `--goodput`을 완화하세요.",
      .cap_aborted =
          "답을 얻기 전에 탐색이 멈췄습니다(서버가 응답을 멈췄거나 중단됨). 측정한 프로브 {n}개는 "
          "아래와 capacity.json에 있습니다.",
      .cap_header =
          "| 프로브 | 부하 | 달성률 (%) | 완료 / 실패 | TTFT p50 / p90 / p99 (ms) | "
          "TPOT p50 / p90 / p99 (ms) | 출력 처리량 (tok/s) | 판정 |",
      .cap_pass = "통과",
      .cap_fail = "실패",
      .cap_saturated = "포화 (대기열이 계속 늘어남)",
      .cap_repeat = " (반복)",
      .cap_load_rate = "{rate} req/s",
      .cap_load_conc = "동시성 {n}",
      .chart_cap_att_title = "부하별 SLO 달성률",
      .chart_cap_lat_title = "부하별 TTFT, TPOT p90",
      .chart_cap_caption =
          "프로브마다 정상 상태 달성률과 지연 p90을 부하에 대해 그렸습니다. 점선: 목표, SLO, "
          "찾은 처리 용량.",
      .axis_rate = "요청률 (req/s)",
      .axis_attainment = "SLO 달성률",
      .axis_latency_ms = "지연 (ms)",
      .series_attainment = "달성률",
      .series_ttft_p90 = "TTFT p90",
      .series_tpot_p90 = "TPOT p90",
      .guide_target = "목표 {pct} %",
      .guide_capacity = "처리 용량 {load}",
      .guide_slo = "{metric} SLO {ms} ms",
  };
  return m;
}

const Messages& messages(Lang lang) { return lang == Lang::ko ? messages_ko() : messages_en(); }

}  // namespace sonde::report
