#pragma once
// Sweep points grouped by the value of one flag: what a sweep table's cell shows (mean of the
// group's runs, and after ± the largest deviation of a repeat from its own point's mean).
// Whether a change between two cells is marked is not decided here but by analysis/spread.hpp.
#include <string>

#include "analysis/spread.hpp"
#include "results/sweep_result.hpp"

namespace sonde::analysis {

// A point's value of `flag`: the point's own setting, else its server command line
// ("--no-<flag>" → "false", "--<flag>" alone → "true"), else what its first run recorded, else
// vLLM's default for the switches that default on (chunked prefill, prefix caching); "" when
// unknown. The one reading used by sweep tables, heatmaps and conclusions.
std::string point_setting(const PointResult& p, const std::string& flag);

// `metric` of the scenario named `scenario` over the runs of the successful points whose
// setting `flag` (point_setting) equals `value`.
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
