#pragma once
// One figure of a scenario summary, as a plain function: what the findings rules and the sweep
// tables compare across points (usable as a `double (*)(const ScenarioSummary&)`).
#include "stats/scenario_summary.hpp"

namespace sonde::report::metric {

inline double ttft_mean(const ScenarioSummary& s) { return s.ttft_ms.mean; }
inline double ttft_p50(const ScenarioSummary& s) { return s.ttft_ms.p50; }
inline double ttft_p99(const ScenarioSummary& s) { return s.ttft_ms.p99; }
inline double tpot_mean(const ScenarioSummary& s) { return s.tpot_ms.mean; }
inline double tpot_p50(const ScenarioSummary& s) { return s.tpot_ms.p50; }
inline double tpot_p99(const ScenarioSummary& s) { return s.tpot_ms.p99; }
inline double itl_p99(const ScenarioSummary& s) { return s.itl_ms.p99; }
inline double e2e_p99(const ScenarioSummary& s) { return s.e2el_ms.p99; }
inline double e2el_s(const ScenarioSummary& s) { return s.e2el_ms.mean / 1000; }
inline double out_tput(const ScenarioSummary& s) { return s.output_throughput; }

}  // namespace sonde::report::metric
