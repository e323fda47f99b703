#pragma once
// The run report as a document (report/document.hpp): report.md renders it as it is;
// report.html adds the charts to its sections (found by their anchors) and renders it too.
#include "report/document.hpp"
#include "report/findings.hpp"
#include "report/lang.hpp"
#include "results/record.hpp"
#include "results/run_result.hpp"

namespace sonde::report {

// Sections and their anchors: "warnings" (only when there is something to say),
// "environment", "summary", "concurrency", "sources" (only when a scenario read a dataset, a
// trace or shared prefixes), "chunked-prefill", "conclusions". `records` (requests.jsonl;
// nullptr when not available) feed the per-request figures of "sources" and its conclusion;
// `charts` adds that section's charts (report.html).
doc::Document run_document(const RunResult& run, Lang lang, const ConclusionOptions& conclusions,
                           const std::vector<RequestRecord>* records = nullptr, bool charts = false);

}  // namespace sonde::report
