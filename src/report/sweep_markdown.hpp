#pragma once
// report.md of a sweep: the points, their failures, results per scenario, the user's section 4
// (chunked prefill ON/OFF) and the effect of every other axis.
#include <ostream>

#include "report/lang.hpp"
#include "results/sweep_result.hpp"

namespace sonde {

void write_sweep_markdown(const SweepResult& sweep, Lang lang, std::ostream& out);

// Mean of `metric` over the ok runs of points whose setting `flag` equals `value`, for the
// scenario named `scenario`; min and max across those runs. NaN when none.
struct GroupStat {
  double mean;  // mean over runs
  double min;   // smallest run value
  double max;   // largest run value
  int n;        // runs counted
};
using ScenarioMetric = double (*)(const ScenarioSummary&);
GroupStat group_stat(const SweepResult& sweep, const std::string& flag, const std::string& value,
                     const std::string& scenario, ScenarioMetric metric);

}  // namespace sonde
