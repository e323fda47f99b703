#pragma once
// Sweep points grouped by the value of one flag: what a sweep table's cell shows (mean of the
// group's runs, and after ± the largest deviation of a repeat from its own point's mean).
// Whether a change between two cells is marked is not decided here but by analysis/spread.hpp.
#include <string>

#include "analysis/spread.hpp"
#include "results/sweep_result.hpp"

namespace sonde::analysis {

// A point's value of `flag` as the tables group it: its own setting, else what its server
// command line says ("--no-<flag>" → "false", "--<flag>" alone → "true"); "" when neither.
std::string point_setting(const PointResult& p, const std::string& flag);

// `metric` of the scenario named `scenario` over the runs of the successful points whose
// setting `flag` equals `value` (an unset enable-chunked-prefill or enable-prefix-caching
// counts as "true", vLLM's default).
struct GroupStat {
  double mean;    // mean over runs
  double spread;  // largest deviation of a repeat from its own point's mean, over the group's
                  // points; NaN when no point of the group was repeated
  double min;     // smallest run value
  double max;     // largest run value
  int n;          // runs counted
};
GroupStat group_stat(const SweepResult& sweep, const std::string& flag, const std::string& value,
                     const std::string& scenario, SummaryMetric metric);

}  // namespace sonde::analysis
