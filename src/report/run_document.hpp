#pragma once
// The run report as a document (report/document.hpp): report.md renders it as it is;
// report.html adds the charts to its sections (found by their anchors) and renders it too.
#include "report/document.hpp"
#include "report/findings.hpp"
#include "report/lang.hpp"
#include "results/run_result.hpp"

namespace sonde::report {

// Sections and their anchors: "warnings" (only when there is something to say),
// "environment", "summary", "concurrency", "chunked-prefill", "conclusions".
doc::Document run_document(const RunResult& run, Lang lang, const ConclusionOptions& conclusions);

}  // namespace sonde::report
