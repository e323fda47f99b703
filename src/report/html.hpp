#pragma once
// report.html: the same sections and tables as report.md, with charts drawn by sonde's own SVG
// writer, in one self-contained file (inline CSS and SVG; no scripts, fonts or network).
#include <ostream>
#include <vector>

#include "report/findings.hpp"
#include "report/lang.hpp"
#include "report/telemetry_series.hpp"
#include "results/record.hpp"
#include "results/run_result.hpp"

namespace sonde {

// `records` (requests.jsonl) feed the per-request charts (TTFT CDF); `telemetry`
// (telemetry.jsonl, read_telemetry_jsonl) feeds the GPU-memory and KV-cache charts over time.
// nullptr leaves those charts out, with a note saying what is missing.
void write_html_report(const RunResult& run, const std::vector<RequestRecord>* records, Lang lang,
                       std::ostream& out, const TelemetrySeries* telemetry = nullptr,
                       const report::ConclusionOptions& conclusions = {});

}  // namespace sonde
