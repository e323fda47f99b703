#include "analysis/validity.hpp"

#include <algorithm>

#include "results/error_kind.hpp"

namespace sonde::analysis {

double failed_pct(const ScenarioSummary& s) {
  const int total = s.completed + s.failed;
  return total == 0 ? 0.0 : 100.0 * s.failed / total;
}

void judge_scenario(ScenarioResult& s, double max_failed_pct) {
  s.invalid_reasons.clear();
  // A capacity probe stopped because its queue only grew cancelled its remaining requests on
  // purpose: they are the search's finding, not failures of the server.
  ScenarioSummary judged = s.summary;
  if (s.saturated) {
    const auto it = judged.errors.find(error_kind_name(ErrorKind::cancelled, 0));
    if (it != judged.errors.end()) judged.failed -= std::min(judged.failed, it->second);
  }
  if (max_failed_pct < 100) {  // 100: the caller asked for no judgement (the old behaviour)
    if (judged.completed == 0) s.invalid_reasons.push_back(InvalidReason::no_success);
    if (failed_pct(judged) > max_failed_pct)
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
