// Korean catalogue of the sweep report (the default, --lang ko), and the lookup.
#include "report/sweep_messages.hpp"

namespace sonde {

const SweepMessages& sweep_messages_en();

namespace {

const SweepMessages& sweep_messages_ko() {
  static const SweepMessages m{
      .title = "vLLM 설정 스윕 리포트",
      .simulated =
          "**이 수치는 실제 GPU가 아니라 sonde 내장 시뮬레이터에서 나온 것입니다(시뮬레이터 "
          "{speed}배속, 시간은 시뮬레이션된 GPU 기준으로 환산).**",
      .predicted =
          "**측정값이 아니라 피팅된 시뮬레이터 프로파일(`{file}`)로 예측한 값입니다: 모든 지점을 "
          "`sonde sim --profile-file {file}`에서 실행했습니다(`sonde sweep --predict`).**",
      .meta = "스윕 파일 `{file}` · 시작 {started} · 종료 {finished} · 지점 {points}개",
      .incomplete = "⚠️ 스윕이 끝나지 않았습니다: {reason}.",
      .points_heading = "1. 측정 지점",
      .points_header = "| 지점 | 설정 | 상태 | KV 캐시 (토큰) | 최대 동시성 | 비고 |",
      .failures_heading = "2. 실패한 지점",
      .results_heading = "3. 시나리오별 결과",
      .results_header =
          "| 지점 | 설정 | 반복 | TTFT 평균 (ms) | TTFT p99 (ms) | TPOT 평균 (ms) | ITL p99 (ms) | "
          "E2E 평균 (s) | 출력 처리량 (tok/s) |",
      .chunked_heading = "4. Chunked Prefill 비교",
      .chunked_header =
          "| 시나리오 | 입력 길이 | A(ON) latency (s) | B(OFF) latency (s) | 속도 향상률 | TTFT ON "
          "/ OFF (ms) | ITL p99 ON / OFF (ms) |",
      .chunked_missing =
          "이 스윕에는 chunked prefill을 켠 지점과 끈 지점이 모두 성공한 경우가 없어 비교할 수 "
          "없습니다.",
      .chunked_note =
          "ON/OFF 값은 해당 설정으로 성공한 모든 지점·반복의 평균(E2E latency)이며, ± 뒤는 한 "
          "지점의 반복이 그 평균에서 가장 크게 벗어난 값입니다. 속도 향상률 = (OFF − ON) ÷ OFF. "
          "**굵은** 값은 이 스윕의 반복 간 편차(반복된 모든 지점·시나리오의 (최대 − 최소) ÷ 평균의 "
          "평균)보다 큰 차이로 실제 차이로 볼 수 있는 것이고, ≈ 표시는 그 편차 안의 차이(잡음 "
          "수준)입니다. 결론도 같은 기준을 씁니다.",
      .axis_heading = "`--{flag}`에 따른 변화",
      .axis_metric_heading = "{metric}",
      .axis_header_first = "| 시나리오 | 입력 길이",
      .axis_delta = "{value} 대비 {first}",
      .spread_note =
          "각 칸은 해당 값으로 성공한 지점·반복의 평균이며, ± 뒤는 한 지점의 반복이 그 평균에서 "
          "가장 크게 벗어난 값입니다. 변화율은 첫 값 대비이며, **굵은** 값은 이 스윕의 해당 지표 "
          "반복 간 편차(반복된 모든 지점·시나리오의 (최대 − 최소) ÷ 평균의 평균)보다 큰 차이, ≈ "
          "표시는 그 편차 안의 차이(잡음 수준)입니다. 결론도 같은 기준을 씁니다.",
      .no_repeats_note =
          "이 스윕은 지점마다 한 번씩만 측정해(`runs: 1`) 반복 간 편차를 알 수 없으므로 어떤 "
          "차이도 잡음과 구별해 표시하지 않았습니다. 스윕 파일에 `runs: 3`을 지정하면 편차와 함께 "
          "비교합니다.",
      .within_spread = "≈",
      .conclusions_heading = "5. 결론",
      .concl_none = "이 스윕에서 이끌어낼 결론이 없습니다.",
      .metric_ttft_mean = "TTFT 평균 (ms)",
      .metric_ttft_p99 = "TTFT p99 (ms)",
      .metric_tpot_mean = "TPOT 평균 (ms)",
      .metric_itl_p99 = "ITL p99 (ms)",
      .metric_e2e_mean = "E2E latency 평균 (s)",
      .metric_output_tput = "출력 처리량 (tok/s)",
      .html_contents = "목차",
      .chart_axis_title = "{metric} — --{flag}별",
      .chart_axis_caption =
          "`--{flag}` 값에 따른 시나리오별 지표(점 위에 마우스를 올리면 값이 보입니다).",
      .chart_chunked_title = "Chunked prefill ON/OFF: {metric}",
      .chart_chunked_caption = "입력 길이별 chunked prefill ON/OFF 비교(성공한 지점·반복의 평균).",
      .chart_heatmap_title = "{metric} — {scenario}",
      .chart_heatmap_caption = "`--{x}` × `--{y}` 조합별 값(진할수록 좋음, 빈 칸은 측정되지 않음).",
      .axis_input_len = "입력 길이 (토큰)",
      .cat_tokens = "{n} 토큰",
      .on = "ON",
      .off = "OFF",
      .cap_heading = "GPU당 용량",
      .cap_intro =
          "지점의 용량은 정상 상태에서 요청의 {target} % 이상이 `{slos}`를 만족한 가장 높은 요청 "
          "속도입니다(`sonde capacity`의 탐색, `points/<지점>/capacity/`). GPU 수 = "
          "tensor-parallel-size × pipeline-parallel-size, 사용자당 tokens/s = 용량에서의 1000 ÷ "
          "TPOT p50(한 사용자의 스트림이 받는 속도)입니다. 지점은 GPU당 용량 순으로 정렬하고, ◆는 "
          "GPU당 출력 tokens/s와 사용자당 tokens/s의 파레토 프런티어(두 축 모두에서 이기는 다른 "
          "지점이 없는 지점)를 표시합니다.",
      .cap_header =
          "| 순위 | 지점 | 설정 | GPU | 용량 (req/s) | GPU당 (req/s) | GPU당 출력 (tok/s) | "
          "사용자당 tokens/s | TPOT p50 (ms) | 프런티어 | 비고 |",
      .cap_frontier = "◆",
      .cap_recommended = "**권장**",
      .cap_runner_up = "차선",
      .cap_off_frontier = "프런티어 밖",
      .cap_at_max = "허용한 최고 부하(max_rate)에서도 SLO를 만족: 용량은 이 값 이상",
      .cap_lowest_fails = "SLO를 만족한 부하 없음(가장 낮은 프로브의 달성률 {pct} %)",
      .cap_aborted = "답을 얻기 전에 탐색이 멈춤",
      .cap_not_measured = "측정 안 됨",
      .chart_pareto_title = "GPU당 처리량 대 상호작용성",
      .chart_pareto_caption =
          "용량이 측정된 모든 지점이며, 파레토 프런티어(두 축 모두에서 이기는 다른 지점이 없는 "
          "지점)를 강조해 잇습니다. 위로 갈수록 GPU당 출력이 크고, 오른쪽으로 갈수록 사용자당 "
          "스트림이 빠릅니다.",
      .axis_tokens_per_user = "사용자당 tokens/s (1000 ÷ TPOT p50)",
      .axis_tokens_per_gpu = "GPU당 출력 tokens/s",
      .series_points = "지점",
      .series_frontier = "파레토 프런티어",
  };
  return m;
}

}  // namespace

const SweepMessages& sweep_messages(Lang lang) {
  return lang == Lang::ko ? sweep_messages_ko() : sweep_messages_en();
}

}  // namespace sonde
