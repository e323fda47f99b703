#pragma once
// report.md of a sweep: the points, their failures, results per scenario, the user's section 4
// (chunked prefill ON/OFF per input length) and the effect of every other axis, with repeats
// shown as mean ± spread and differences marked only when larger than the run-to-run spread
// (analysis/spread.hpp, the rule the conclusions use); section 5
// holds the conclusions engine's findings. The pieces below are shared with report.html.
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/groups.hpp"
#include "analysis/spread.hpp"
#include "report/document.hpp"
#include "report/findings.hpp"
#include "report/lang.hpp"
#include "report/sweep_messages.hpp"
#include "results/sweep_result.hpp"

namespace sonde {

void write_sweep_markdown(const SweepResult& sweep, Lang lang, std::ostream& out,
                          const report::ConclusionOptions& options = {});

// A table cell: the group of points with one value of a flag (analysis/groups.hpp).
using analysis::group_stat;
using analysis::GroupStat;
using ScenarioMetric = analysis::SummaryMetric;

// Whether a change is told apart from noise: analysis::classify against the sweep's
// run-to-run spread of the metric (docs/metrics.md), the rule the conclusions use too.
using analysis::Difference;

// "12.3 ± 0.4" (spread known and > 0 shown), "12.3" (spread unknown), "—" (no runs).
std::string stat_text(const GroupStat& g, int precision);

// A relative change in percent as a table cell, marked by `d`: strong (real), `within` (the
// catalogue's mark) before it (within the spread), plain (unknown); "—" when not finite.
report::doc::Cell change_cell(double percent, Difference d, const char* within);
// The same as inline text: "**+12.3%**", "≈ +1.2%", "+12.3%", "—".
std::string change_text(double percent, Difference d, const char* within);

namespace sweep_report {

// A point's value of `flag`: its own setting, else what its server command line says.
using analysis::point_setting;

// One scenario of each name, in the order they first appear in the sweep.
std::vector<const ScenarioResult*> scenarios_of(const SweepResult& sweep);

struct AxisMetric {
  const char* label;      // from the catalogue, with unit
  const char* unit;       // for chart hover values
  ScenarioMetric value;   // from a scenario summary
  int precision;          // decimals in tables
  bool higher_is_better;  // throughput: true; latencies: false
};

// The metrics compared for an axis: max-num-batched-tokens → TTFT, TPOT, throughput;
// tensor-parallel-size → throughput, E2E latency; any other → TTFT, TPOT, E2E, throughput.
std::vector<AxisMetric> axis_metrics(const std::string& flag, const SweepMessages& m);
AxisMetric e2e_metric(const SweepMessages& m);
AxisMetric ttft_metric(const SweepMessages& m);
AxisMetric throughput_metric(const SweepMessages& m);

// True when some ok point has more than one run.
bool has_repeats(const SweepResult& sweep);

// The charts of report.html, placed by the document: ON/OFF bars after the chunked-prefill
// table, each axis's charts after its tables, heatmaps closing section 4.
struct SweepFigures {
  report::doc::Figures chunked;
  std::map<std::string, report::doc::Figures> axes;  // by flag
  report::doc::Figures heatmaps;
};

// The sweep report as a document; `figures` nullptr for report.md (no charts but the capacity
// section's Pareto chart, linked as capacity-pareto.svg). Sections: "points", "failures" (only
// when a point failed), "capacity" (only with a capacity decision), "results" and "comparison"
// (unless the sweep measured capacity alone), "conclusions".
report::doc::Document sweep_document(const SweepResult& sweep, Lang lang,
                                     const report::ConclusionOptions& options,
                                     const SweepFigures* figures);

}  // namespace sweep_report
}  // namespace sonde
