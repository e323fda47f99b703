#pragma once
// `sonde report DIR` of a sweep directory: the reports again from the saved sweep.json.
#include <string>

#include "report/findings.hpp"
#include "report/lang.hpp"
#include "report/report_formats.hpp"
#include "results/sweep_result.hpp"

namespace sonde {

// Reads DIR/sweep.json. Throws UsageError naming the file when DIR holds no readable sweep.
SweepResult read_sweep_json(const std::string& dir);

// Reads DIR/sweep.json and rewrites the chosen reports (summary.csv, report.md, report.html);
// sweep.json itself is left as it is. Throws UsageError naming the file when DIR holds no
// readable sweep.
SweepResult rebuild_sweep_reports(const std::string& dir, Lang lang,
                                  const report::ConclusionOptions& options,
                                  const ReportFormats& formats);

}  // namespace sonde
