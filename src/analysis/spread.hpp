#pragma once
// Run-to-run spread and significance: the one definition that every sweep-table mark (bold / ≈)
// and every conclusion ("within noise", "strong") uses, so that a table and a conclusion can
// never disagree on the same data. The rule and why it was chosen: docs/metrics.md, section
// "Run-to-run spread and significance".
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "results/sweep_result.hpp"
#include "stats/scenario_summary.hpp"

namespace sonde::analysis {

// One figure read from a scenario's summary (TTFT mean, output tok/s, ...).
using SummaryMetric = double (*)(const ScenarioSummary&);

// Without repeats the run-to-run spread is unknown; a conclusion then calls a change an effect
// only beyond this fraction (a simulator run at 20x speed, or a real GPU, varies a few percent
// run to run). Tables mark nothing in that case.
inline constexpr double kNoiseFloor = 0.05;

// One figure over the repeat runs of one point (and one scenario).
struct RepeatStat {
  double mean = std::numeric_limits<double>::quiet_NaN();  // over the runs that have it
  double min = std::numeric_limits<double>::quiet_NaN();   // smallest run value
  double max = std::numeric_limits<double>::quiet_NaN();   // largest run value
  int n = 0;                                               // runs counted
};

// The statistic of `values`; non-finite values are skipped.
RepeatStat repeat_stat(const std::vector<double>& values);
// `read` of the scenario named `scenario` over the point's runs (runs where the scenario
// completed no request, or the figure is not finite, are skipped).
RepeatStat point_stat(const PointResult& p, const std::string& scenario, SummaryMetric read);

// Relative range of repeats, (max − min) ÷ mean; nullopt with fewer than 2 runs or a mean <= 0.
std::optional<double> relative_range(const RepeatStat& s);
// Mean of the relative ranges that exist among `stats`; nullopt when none does.
std::optional<double> pooled_spread(const std::vector<RepeatStat>& stats);

// The run-to-run spread of `read` in a sweep (a fraction): the pooled relative range over every
// point of `points` with >= 2 runs and every scenario of it. nullopt when no point was repeated.
std::optional<double> run_spread(const std::vector<const PointResult*>& points, SummaryMetric read);
// The same over the sweep's successful points.
std::optional<double> run_spread(const SweepResult& sweep, SummaryMetric read);

// How a relative change (a fraction, e.g. −0.12) compares with the run-to-run spread.
enum class Difference {
  real,           // |change| > spread: a real difference (tables: bold)
  within_spread,  // |change| <= spread: noise (tables: ≈, conclusions: "within noise")
  unknown,        // spread unknown (no repeats) or change not finite: tables mark nothing
};
Difference classify(double change, const std::optional<double>& spread);

// Whether a conclusion names a change as an effect: classify() says real; when the spread is
// unknown, |change| > kNoiseFloor (and the conclusion says its confidence is low).
bool significant(double change, const std::optional<double>& spread);

// How sure a named change is: strong beyond twice the spread, weak beyond it, else noise;
// unknown without repeats (or a change that is not finite).
enum class Strength { strong, weak, noise, unknown };
Strength strength(double change, const std::optional<double>& spread);

}  // namespace sonde::analysis
