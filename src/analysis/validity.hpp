#pragma once
// Whether a run's scenarios are valid measurements: a run fails closed, so that a server that
// answered every request with an error does not pass as a fast one (docs/metrics.md, "Valid
// scenarios").
#include "results/run_result.hpp"

namespace sonde::analysis {

// Failed requests as a percentage of all finished ones (0 when none finished).
double failed_pct(const ScenarioSummary& s);

// Sets `s.valid` and `s.invalid_reasons` from its summary: invalid when no request succeeded or
// the failed share is above `max_failed_pct` (%). At 100 nothing is judged invalid. A capacity
// probe stopped as saturated does not count the requests its stop cancelled.
void judge_scenario(ScenarioResult& s, double max_failed_pct);

// Judges every scenario under run.options.max_failed_pct and sets run.valid (all valid).
void judge_run(RunResult& run);

}  // namespace sonde::analysis
