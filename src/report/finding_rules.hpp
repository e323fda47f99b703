#pragma once
// Internal to the conclusions engine: what every rule shares (the metrics it reads, the ok
// points of a sweep with their settings resolved, matched comparisons between points, the
// run-to-run spread) and one function per rule (finding_*.cpp).
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "analysis/groups.hpp"
#include "analysis/spread.hpp"
#include "report/findings.hpp"
#include "report/findings_messages.hpp"

namespace sonde::report::findings {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Spread and significance have one definition, in analysis/spread.hpp (docs/metrics.md).
using analysis::kNoiseFloor;
using analysis::point_stat;
using analysis::run_spread;
using analysis::significant;
using analysis::SummaryMetric;
using Stat = analysis::RepeatStat;

struct Metric {
  const char* id;      // "ttft_p99_ms": also the name an SLO uses
  const char* label;   // "TTFT p99", the same in both languages
  const char* unit;    // "ms", "tok/s", "" (a fraction)
  SummaryMetric read;  // the value from one scenario's summary
  bool lower_better;   // latency (true) or throughput (false)
};

// TTFT p50, TTFT p99, TPOT p50, output tok/s: the metrics "which setting mattered most" is
// asked about.
const std::vector<Metric>& headline_metrics();
// A metric an SLO may name (the headline ones plus TPOT/ITL/E2E p99 and error_rate); nullptr
// when unknown.
const Metric* find_metric(const std::string& id);
// "ttft_p50_ms, ttft_p99_ms, ..." for error messages.
std::string metric_ids();

using analysis::point_setting;  // analysis/groups.hpp
// "tensor-parallel-size=2, max-num-batched-tokens=8192" (the point's own settings).
std::string settings_text(const PointResult& p);

// Points with status ok and at least one run.
std::vector<const PointResult*> ok_points(const SweepResult& sweep);
// Flags (sweep axes, then flags only explicit points set) with >= 2 values among `ok`.
std::vector<std::string> varied_flags(const SweepResult& sweep,
                                      const std::vector<const PointResult*>& ok);
// Scenario specs of the sweep, first occurrence of each name, in order.
std::vector<const ScenarioSpec*> sweep_scenarios(const SweepResult& sweep);

// Two ok points that differ in the compared flag; `low` has the smaller (or "false") value.
struct Pair {
  const PointResult* low;
  const PointResult* high;
};
// Pairs that differ in `flag` and agree on every other varied flag; when the sweep has none
// (chunked prefill OFF needs a larger max-num-batched-tokens), each point pairs with the
// points that differ in the fewest other flags — unless `exact_only`.
std::vector<Pair> matched_pairs(const std::vector<const PointResult*>& ok,
                                const std::vector<std::string>& flags, const std::string& flag,
                                bool exact_only);
// Whether `a` sorts before `b` as values of one flag (numbers by value, false before true).
bool value_less(const std::string& a, const std::string& b);

// Most runs any ok point has.
int max_runs(const std::vector<const PointResult*>& ok);

// "confidence" for a change of `effect` (fraction) against `spread`: strong / weak / within
// noise (analysis::strength), or low when the spread is unknown.
std::string effect_confidence(double effect, const std::optional<double>& spread, int runs,
                              const FindingMessages& m);

// The items joined with `sep`.
std::string joined(const std::vector<std::string>& items, const char* sep);

// A "not measured" finding that says what to run.
Finding not_measured(RuleId rule, const std::string& what, const FindingMessages& m);

// Relative change from `from` to `to` ((to - from) / from); NaN when not computable.
double rel_change(double from, double to);
// A signed percentage "+12.3%" / "−4.0%".
std::string signed_pct(double fraction);
// The value of a metric with its unit: "1,234 ms", "812 tok/s".
std::string with_unit(double v, const char* unit);

// The rules. Each returns one finding (measured or not); largest_effects one per headline
// metric.
std::vector<Finding> largest_effects(const SweepResult& sweep, const FindingMessages& m);
Finding memory_limit(const RunResult& run, const FindingMessages& m);
Finding memory_limit(const SweepResult& sweep, const FindingMessages& m);
Finding bandwidth_bound(const RunResult& run, const FindingMessages& m, const ConclusionOptions& opt);
Finding bandwidth_bound(const SweepResult& sweep, const FindingMessages& m,
                        const ConclusionOptions& opt);
Finding chunked_prefill(const SweepResult& sweep, const FindingMessages& m);
Finding max_num_batched_tokens(const SweepResult& sweep, const FindingMessages& m);
Finding recommendation(const SweepResult& sweep, const FindingMessages& m,
                       const ConclusionOptions& opt);
// The recommendation of a sweep with a capacity decision (sweep.capacity set).
Finding capacity_recommendation(const SweepResult& sweep, const FindingMessages& m,
                                const ConclusionOptions& opt);

}  // namespace sonde::report::findings
