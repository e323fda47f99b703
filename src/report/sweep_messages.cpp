#include "report/sweep_messages.hpp"

namespace sonde {
namespace {

const SweepMessages kKo{
    "vLLM 설정 스윕 리포트",
    "**이 수치는 실제 GPU가 아니라 sonde 내장 시뮬레이터에서 나온 것입니다(시뮬레이터 {}배속, 시간은 시뮬레이션된 GPU 기준으로 환산).**",
    "스윕 파일 `{}` · 시작 {} · 종료 {} · 지점 {}개",
    "> ⚠️ 스윕이 끝나지 않았습니다: {}.",
    "1. 측정 지점",
    "| 지점 | 설정 | 상태 | KV 캐시 (토큰) | 최대 동시성 | 비고 |\n| --- | --- | --- | --- | --- | --- |",
    "2. 실패한 지점",
    "3. 시나리오별 결과",
    "| 지점 | 설정 | TTFT 평균 (ms) | TTFT p99 (ms) | TPOT 평균 (ms) | ITL p99 (ms) | E2E 평균 (s) | 출력 처리량 (tok/s) |\n| --- | --- | --- | --- | --- | --- | --- | --- |",
    "4. Chunked Prefill 비교",
    "| 시나리오 | 입력 길이 | A(ON) latency (s) | B(OFF) latency (s) | 속도 향상률 | TTFT ON / OFF (ms) | ITL p99 ON / OFF (ms) |\n| --- | --- | --- | --- | --- | --- | --- |",
    "이 스윕에는 chunked prefill을 켠 지점과 끈 지점이 모두 성공한 경우가 없어 비교할 수 없습니다.",
    "ON/OFF 값은 해당 설정으로 성공한 모든 지점·반복의 평균입니다(범위는 최소–최대). 속도 향상률 = (OFF − ON) ÷ OFF.",
    "`--{}`에 따른 변화",
    "시나리오 / 지표",
    "각 칸은 해당 값으로 성공한 지점·반복의 평균이며 괄호 안은 최소–최대입니다. 값 사이의 차이가 범위보다 작으면 의미 있는 차이로 보기 어렵습니다(*는 범위보다 큰 차이).",
    "5. 결론",
    "- {scenario}: chunked prefill ON일 때 TTFT 평균 {on} ms, OFF일 때 {off} ms로 OFF가 {pct:.1f}% {word}.",
    "- {scenario}: 실행 중인 스트림의 ITL p99는 ON {on} ms, OFF {off} ms입니다.",
    "- `--{flag}`: {metric}이(가) 가장 좋은 값은 {best} ({value})입니다.",
    "낮습니다",
    "높습니다",
    "미기록",
    "없음",
};

const SweepMessages kEn{
    "vLLM settings sweep report",
    "**These figures come from sonde's built-in simulator, not a real GPU (simulator ran {}x faster; times converted back to simulated-GPU time).**",
    "Sweep file `{}` · started {} · finished {} · {} points",
    "> ⚠️ The sweep did not finish: {}.",
    "1. Points",
    "| Point | Settings | Status | KV cache (tokens) | Max concurrency | Note |\n| --- | --- | --- | --- | --- | --- |",
    "2. Failed points",
    "3. Results per scenario",
    "| Point | Settings | TTFT mean (ms) | TTFT p99 (ms) | TPOT mean (ms) | ITL p99 (ms) | E2E mean (s) | Output (tok/s) |\n| --- | --- | --- | --- | --- | --- | --- | --- |",
    "4. Chunked prefill comparison",
    "| Scenario | Input length | A(ON) latency (s) | B(OFF) latency (s) | Speed-up | TTFT ON / OFF (ms) | ITL p99 ON / OFF (ms) |\n| --- | --- | --- | --- | --- | --- | --- |",
    "No successful points with chunked prefill both on and off: nothing to compare.",
    "ON/OFF values are means over every successful point and repeat with that setting (range: min–max). Speed-up = (OFF − ON) ÷ OFF.",
    "Effect of `--{}`",
    "Scenario / metric",
    "Each cell is the mean over successful points and repeats with that value, with min–max in brackets. A difference smaller than the ranges is not a real difference (* marks differences larger than the ranges).",
    "5. Conclusions",
    "- {scenario}: TTFT mean is {on} ms with chunked prefill ON and {off} ms with it OFF: OFF is {pct:.1f}% {word}.",
    "- {scenario}: ITL p99 of the running streams is {on} ms with ON and {off} ms with OFF.",
    "- `--{flag}`: the best {metric} comes with {best} ({value}).",
    "lower",
    "higher",
    "not recorded",
    "none",
};

}  // namespace

const SweepMessages& sweep_messages(Lang lang) { return lang == Lang::ko ? kKo : kEn; }

}  // namespace sonde
