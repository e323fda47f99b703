// Korean catalogue of the traffic-sources section (the default language).
#include "report/traffic_messages.hpp"

namespace sonde::report {

const TrafficMessages& traffic_messages_ko() {
  static const TrafficMessages m{
      .heading = "트래픽 소스",
      .intro =
          "데이터셋, 트레이스 또는 공유 프리픽스에서 요청을 만든 시나리오입니다: 요청한 길이와 "
          "서버가 센 길이, 세 가지로 본 프리픽스 캐시 적중률(프롬프트가 약속한 값, vLLM 카운터, "
          "요청별 `cached_tokens`), 그리고 캐시 적중이 첫 토큰 시간(TTFT)에서 얻어 준 것.",
      .scenario_heading = "`{name}` ({kind})",
      .file_line = "파일 `{path}`: {used}행 사용, {skipped}행 제외.",
      .shared_line =
          "{per_group}개 요청씩 {groups}개 그룹; 그룹별 프리픽스는 {prefix_min}–{prefix_max} "
          "토큰(서버 기준).",
      .input_line = "입력 토큰: 요청 {target}, 서버 집계 {sent}.",
      .output_line = "출력 토큰: 요청 {target}, 서버 집계 {counted}.",
      .input_line_no_records =
          "요청한 입력 토큰: {target} (서버 집계는 requests.jsonl이 있어야 합니다).",
      .lengths_triple = "길이는 최소 / p50 / 최대 순입니다.",
      .cache_line =
          "프리픽스 캐시 적중률(프롬프트 토큰 중 캐시에서 나온 비율): 예상 {expected}; vLLM 카운터 "
          "{server}; 요청별 `cached_tokens` {per_request}.",
      .cache_server = "{rate} ({queries} 토큰 중 {hits})",
      .cache_per_request = "{rate} (요청 {n}개, {cached} 토큰)",
      .cache_no_expectation =
          "이 소스의 프롬프트는 공유를 약속하지 않으므로 sonde는 캐시 적중을 예상하지 않습니다.",
      .cache_agree =
          "요청별 `cached_tokens`의 합이 vLLM의 프리픽스 캐시 적중({hits} 토큰)과 정확히 "
          "같습니다.",
      .cache_differ =
          "vLLM은 프리픽스 캐시 적중을 {hits} 토큰으로, 요청들은 {cached} 토큰으로 보고했습니다: "
          "usage가 오기 전에 실패한 요청이나 서버의 다른 클라이언트가 차이를 만듭니다.",
      .cache_no_details =
          "서버가 `usage.prompt_tokens_details.cached_tokens`를 보내지 않아 요청별 적중을 알 수 "
          "없습니다: vLLM을 `--enable-prompt-tokens-details`로 시작하세요.",
      .cache_no_records =
          "요청별 수치는 실행의 requests.jsonl이 필요한데, 이 리포트에는 없었습니다.",
      .lag_line =
          "재생 스케줄 지연(시작 − 예정 시작): 요청 {n}개에서 p50 {p50} ms, p99 {p99} ms, "
          "최대 {max} ms.",
      .lag_cap =
          "요청 {late}개가 10 ms 넘게 늦게 시작했습니다. {at_cap}개는 예정 시작 시점에 "
          "시나리오의 `max_concurrency` 슬롯 {cap}개가 모두 차 있었고(트레이스가 상한보다 많은 "
          "요청을 동시에 요구), {own}개는 그렇지 않았습니다(클라이언트 자체의 지연).",
      .lag_own =
          "요청 {late}개가 동시성 상한 없이 10 ms 넘게 늦게 시작했습니다: 클라이언트가 트레이스 "
          "일정을 따라가지 못했습니다(1절에 클라이언트 자체 CPU 사용률과 수신 지연이 있습니다).",
      .bought =
          "공유가 얻어 준 것: 프리픽스 캐시 적중을 받은 요청 {n_with}개(캐시 토큰 중앙값 {cached}, "
          "프롬프트 중앙값 {in_with} 토큰)의 TTFT p50은 {with} ms, 적중이 없던 요청 "
          "{n_without}개(프롬프트 중앙값 {in_without} 토큰)는 {without} ms: {change}.",
      .bought_too_few =
          "공유가 얻어 준 것을 말하기에는 요청이 적습니다: 캐시 적중 {n_with}개, 적중 없음 "
          "{n_without}개(각각 {min}개 이상 필요).",
      .bought_unknown =
          "공유가 얻어 준 것은 주장하지 않습니다: 요청별 `cached_tokens` 없이는 캐시 적중 요청을 "
          "구별할 수 없습니다.",
      .bought_unknown_some =
          "성공한 요청 {n}개는 `cached_tokens`가 없어 어느 쪽에도 넣지 않았습니다(vLLM 0.11 "
          "무렵까지는 "
          "캐시 적중이 없으면 이 값을 빼고 보냅니다).",
      .concl_bought =
          "`{name}`에서 프리픽스 캐시 적중을 받은 요청의 첫 토큰 시간은 {change} (TTFT p50: 적중 "
          "요청 "
          "{n_with}개 {with} ms, 적중 없음 {n_without}개 {without} ms).",
      .faster = "{pct}% 빠름",
      .slower = "{pct}% 느림",
      .chart_len_caption =
          "`{name}`: 프롬프트(왼쪽)와 출력(오른쪽) 길이별 요청 수, 요청한 길이와 서버가 센 길이.",
      .chart_input_title = "입력 길이",
      .chart_output_title = "출력 길이",
      .axis_tokens = "토큰",
      .axis_requests = "요청 수",
      .series_target = "요청",
      .series_sent = "서버 집계(전송)",
      .series_counted = "서버 집계",
      .chart_timeline_caption =
          "`{name}`의 시간 흐름(첫 도착부터 {bin}초 구간): 초당 도착·완료 요청(왼쪽)과 초당 출력 "
          "토큰(오른쪽). 완료가 도착보다 뒤처지면 서버가 요청을 쌓고 있다는 뜻입니다.",
      .chart_latency_caption =
          "`{name}`: {bin}초 구간마다 보낸 요청의 TTFT와 E2E 지연 중앙값; 도착이 몰리거나 긴 "
          "프롬프트가 오면 올라갑니다.",
      .chart_rate_title = "도착과 완료",
      .chart_tput_title = "출력 처리량",
      .chart_latency_title = "시간에 따른 지연(p50)",
      .axis_elapsed_s = "첫 도착 이후 시간(초)",
      .axis_req_s = "초당 요청",
      .axis_tok_s = "초당 출력 토큰",
      .axis_ms = "지연(ms)",
      .series_arrivals = "도착",
      .series_completions = "완료",
      .series_ttft_p50 = "TTFT p50",
      .series_e2el_p50 = "E2E p50",
      .chart_hits_caption =
          "`{name}`: 프리픽스 캐시 적중이 있던 요청과 없던 요청의 TTFT 누적 비율; 왼쪽 곡선이 더 "
          "빠릅니다.",
      .chart_hits_title = "프리픽스 캐시 적중 유무별 TTFT",
      .axis_ttft_ms = "TTFT (ms)",
      .axis_fraction = "요청 비율",
      .series_with_hits = "적중",
      .series_without_hits = "적중 없음",
  };
  return m;
}

const TrafficMessages& traffic_messages(Lang lang) {
  return lang == Lang::ko ? traffic_messages_ko() : traffic_messages_en();
}

}  // namespace sonde::report
