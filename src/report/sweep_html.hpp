#pragma once
// report.html of a sweep: the same sections and tables as the sweep's report.md, plus a chart
// per axis (each metric against the axis value, one line or bar per scenario), chunked prefill
// ON/OFF bars per input length and, for two axes, a heatmap per scenario. One self-contained
// file: inline CSS and SVG, no scripts, fonts or network.
#include <ostream>

#include "report/findings.hpp"
#include "report/lang.hpp"
#include "results/sweep_result.hpp"

namespace sonde {

void write_sweep_html(const SweepResult& sweep, Lang lang, std::ostream& out,
                      const report::ConclusionOptions& options = {});

}  // namespace sonde
