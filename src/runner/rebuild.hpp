#pragma once
// `sonde report DIR`: rebuild run.json summaries and every report from the saved files.
#include <string>

#include "report/findings.hpp"
#include "report/report_formats.hpp"
#include "results/run_result.hpp"

namespace sonde {

// Reads DIR/run.json and DIR/requests.jsonl, recomputes every scenario summary from the journal
// (scenarios found only in the journal are added), rewrites run.json and the reports.
// Throws UsageError naming the file when DIR holds no readable run.
// `formats` and `options` (defaults: every report, balanced goal) as for write_reports.
RunResult rebuild_reports(const std::string& dir, const std::string& lang,
                          const ReportFormats& formats = {},
                          const report::ConclusionOptions& options = {});

}  // namespace sonde
