#include "analysis/validity.hpp"

namespace sonde::analysis {

double failed_pct(const ScenarioSummary& s) {
  const int total = s.completed + s.failed;
  return total == 0 ? 0.0 : 100.0 * s.failed / total;
}

void judge_scenario(ScenarioResult& s, double max_failed_pct) {
  s.invalid_reasons.clear();
  if (max_failed_pct < 100) {  // 100: the caller asked for no judgement (the old behaviour)
    if (s.summary.completed == 0) s.invalid_reasons.push_back(InvalidReason::no_success);
    if (failed_pct(s.summary) > max_failed_pct)
      s.invalid_reasons.push_back(InvalidReason::too_many_failed);
  }
  s.valid = s.invalid_reasons.empty();
}

void judge_run(RunResult& run) {
  run.valid = true;
  for (auto& s : run.scenarios) {
    judge_scenario(s, run.options.max_failed_pct);
    run.valid = run.valid && s.valid;
  }
}

}  // namespace sonde::analysis
