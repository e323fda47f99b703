#pragma once
// A sweep directory's files: sweep.json, summary.csv (a row per point x scenario), report.md
// and report.html.
#include <string>

#include "report/findings.hpp"
#include "report/report_formats.hpp"
#include "results/sweep_result.hpp"

namespace sonde {

// Creates `dir` (mode 0755). Throws UsageError when it cannot or when it already holds a sweep.
void prepare_sweep_dir(const std::string& dir);

// Decides `sweep.capacity` from the points' capacities under options.slos
// (analysis/capacity_ranking.hpp), then rewrites sweep.json and the reports (summary.csv,
// report.md, report.html) atomically.
void write_sweep_outputs(const std::string& dir, SweepResult& sweep, const std::string& lang,
                         const report::ConclusionOptions& options = {});

// Rewrites the chosen reports only (sweep.json untouched): `sonde report DIR` of a sweep, which
// decides sweep.capacity again under its own --slo bounds before calling this.
void write_sweep_reports(const std::string& dir, const SweepResult& sweep, Lang lang,
                         const report::ConclusionOptions& options, const ReportFormats& formats);

}  // namespace sonde
