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
      .incomplete = "> **실행이 끝까지 완료되지 않았습니다**: {reason}. 기록된 시나리오만 "
                    "보고합니다.",
      .run_meta = "실행 ID `{run_id}` · 시작 {started} · 종료 {finished} · sonde {version}",
      .env_heading = "## 1. 테스트 환경",
      .env_cpu = "CPU",
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
      .env_hint = "_“미기록” 항목은 이후 `sonde specs`가 채웁니다._",
      .conditions = "측정 조건: 엔드포인트 `{endpoint}`, ignore_eos {ignore_eos}, 워밍업 요청 "
                    "{warmup}개(집계 제외), 코퍼스 `{corpus}`, 시드 {seed}, 요청 타임아웃 "
                    "{timeout} s.",
      .on = "ON",
      .off = "OFF",
      .sum_heading = "## 2. 벤치마크 결과 요약",
      .sum_intro =
          "입력 길이별 시나리오(closed loop, 한 번에 요청 1개). Latency는 요청 전송부터 스트림 "
          "끝까지(E2E)의 평균입니다. Tokens/sec의 “디코드”는 스트림 하나의 토큰 생성 속도"
          "((출력 토큰 − 1) ÷ 디코드 시간), “E2E”는 기본 스크립트 방식(출력 토큰 ÷ E2E 시간)으로 "
          "prefill 시간까지 포함합니다. TTFT는 첫 텍스트 청크까지, TPOT는 디코드 시간 ÷ "
          "(출력 토큰 − 1)입니다.",
      .sum_header = "| 케이스 | 입력 길이 (목표 / 측정 평균) | Latency E2E 평균 (s) | "
                    "Tokens/sec 디코드 / E2E | TTFT 평균 / p50 (ms) | TPOT 평균 (ms) | "
                    "디코드 시간 평균 (s) | GPU VRAM | 비고 |",
      .sum_none = "이 실행에는 입력 길이별 시나리오(closed loop, 동시 요청 1개)가 없습니다.",
      .note_ok = "성공 {completed}/{total}",
      .note_failed = "실패 {n} ({kinds})",
      .note_mismatch = "출력 길이 불일치 {n}",
      .vram_note =
          "GPU VRAM은 아직 측정하지 않습니다(—). 참고: vLLM은 시작할 때 "
          "`gpu_memory_utilization × VRAM`을 미리 확보하므로 실행 중 VRAM 사용량은 거의 변하지 "
          "않고, 부하에 따라 차는 것은 KV 캐시입니다.",
      .conc_heading = "## 3. 동시성 테스트 결과",
      .conc_intro =
          "burst(요청 c개를 동시에 보내고 모두 끝나면 다음 묶음), rate(개방 루프, 초당 R개 "
          "포아송 도착) 또는 동시성 2 이상인 시나리오입니다. Latency는 요청별 E2E 시간, 처리량은 "
          "시나리오 전체 시간(첫 전송 → 마지막 완료) 기준입니다.",
      .conc_header = "| Concurrency | 시나리오 (부하) | 입력 / 출력 토큰 | 평균 Latency (s) | "
                     "최대 Latency (s) | 최소 Latency (s) | 출력 처리량 (tok/s) | "
                     "요청 처리량 (req/s) | TTFT p50 / p99 (ms) | 실패 |",
      .conc_none = "이 실행에는 동시성 시나리오가 없습니다.",
      .rate_cell = "{rate} req/s (최대 {max})",
      .rate_cell_unbounded = "{rate} req/s",
      .rate_corrected =
          "`{name}`: 의도한 전송 시각부터 잰(coordinated omission 보정) E2E 평균 {e2el_mean} s, "
          "p99 {e2el_p99} s, TTFT p99 {ttft_p99} ms; 클라이언트 대기 최대 {queue_max} ms.",
      .chunk_heading = "## 4. Chunked Prefill 비교",
      .chunk_text =
          "이 실행은 서버 하나를 한 가지 설정으로 측정했으므로 ON/OFF 비교가 없습니다. "
          "비교하려면 `sonde sweep`(예정)으로 설정을 바꿔 가며 측정하거나, chunked prefill을 "
          "켠 서버와 끈 서버를 각각 `sonde run`으로 측정하세요.",
      .chunk_header = "| 입력 길이 | A(ON) latency | B(OFF) latency | 속도 향상률 |",
      .concl_heading = "## 5. 결론",
      .concl_ttft =
          "입력이 {from_len} → {to_len} 토큰으로 늘 때 TTFT 평균은 {from_ttft} → {to_ttft} ms"
          "입니다. 최소제곱 직선으로 입력 1k 토큰당 TTFT가 {slope} ms 늘어납니다"
          "(R² = {r2}, 케이스 {n}개).",
      .concl_ttft_missing =
          "입력 길이가 다른 시나리오가 2개 미만이라 입력 길이에 따른 TTFT 증가율은 구하지 "
          "않았습니다.",
      .concl_decode = "입력 길이별 시나리오에서 스트림 하나의 디코드 속도는 {min}–{max} tok/s"
                      "(TPOT 평균 {tpot_min}–{tpot_max} ms)입니다.",
      .concl_conc =
          "동시성 {c_from} → {c_to}에서 출력 처리량은 {tput_from} → {tput_to} tok/s"
          "(×{tput_x}), 평균 E2E latency는 {lat_from} → {lat_to} s(×{lat_x}), 스트림당 디코드 "
          "속도는 {dec_from} → {dec_to} tok/s입니다.",
      .concl_conc_missing = "동시성 수준이 2개 미만이라 동시성에 따른 변화는 구하지 않았습니다.",
      .concl_no_failures = "실패한 요청이 없습니다(측정 요청 {total}개 모두 성공).",
      .concl_failures = "측정 요청 {total}개 중 {failed}개가 실패했습니다: {details}. 실패한 "
                        "요청은 latency 통계에서 제외했습니다.",
      .concl_mismatch = "출력 토큰 수가 요청한 길이와 다른 응답이 {n}개 있습니다: {details}.",
      .concl_calibration =
          "입력 토큰 수는 목표 대비 최대 {max_err}% 차이입니다(보정 방법: {methods}).",
      .concl_sim = "위 수치는 시뮬레이터의 결과이며 실제 GPU의 측정값이 아닙니다.",
      .concl_pending =
          "템플릿의 나머지 항목(GPU 메모리 한계, chunked prefill 효과, "
          "`--max-num-batched-tokens`·`--tensor-parallel-size`에 따른 변화, 권장 설정)은 GPU "
          "메모리 측정과 설정 스윕 결과가 있어야 판단할 수 있어 이 리포트에서는 다루지 "
          "않습니다.",
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
      .chart_chunk_title = "Chunked Prefill ON / OFF",
      .chart_chunk_caption = "입력 길이별 평균 E2E latency, chunked prefill을 켠 경우와 끈 경우.",
      .axis_input_len = "입력 길이 (토큰)",
      .axis_concurrency = "동시성 (동시 요청 수)",
      .axis_latency_s = "Latency (s)",
      .axis_ttft_ms = "TTFT (ms)",
      .axis_tpot_ms = "TPOT (ms)",
      .axis_tput = "출력 처리량 (tok/s)",
      .axis_fraction = "요청 비율",
      .axis_elapsed_s = "시작 후 경과 시간 (s)",
      .axis_gpu_mem_gib = "GPU 메모리 사용량 (GiB)",
      .axis_kv_usage = "KV 캐시 사용률",
      .series_ttft = "TTFT",
      .series_decode = "디코드",
      .series_mean = "평균",
      .series_p99 = "p99",
      .cat_tokens = "{n} 토큰",
      // ---- end of report.html block ----
  };
  return m;
}

const Messages& messages(Lang lang) { return lang == Lang::ko ? messages_ko() : messages_en(); }

}  // namespace sonde::report
