#pragma once
// report.md: the user's report template (spec 000, "성능 분석 결과 리포트 템플릿") filled in from a
// RunResult, section by section. Formats only; every figure comes from the summaries.
#include <ostream>
#include <vector>

#include "report/findings.hpp"
#include "report/lang.hpp"
#include "results/record.hpp"
#include "results/run_result.hpp"

namespace sonde {

// Writes the whole Markdown report. Which scenario goes where:
// - section 2 (summary per input length): closed-loop scenarios with concurrency 1;
// - section 3 (concurrency): every other scenario (burst, rate, or concurrency > 1), so the
//   seed suite's burst `concurrency_1` sits with its siblings as in the user's template.
// `conclusions` (goal, SLOs, bandwidth and model-size overrides) feeds section 5's findings.
// `records` (requests.jsonl; nullptr when not available) give the traffic-sources section its
// per-request figures.
void write_markdown_report(const RunResult& run, Lang lang, std::ostream& out,
                           const report::ConclusionOptions& conclusions = {},
                           const std::vector<RequestRecord>* records = nullptr);

// The section-2 rule above, shared with the conclusions.
bool is_input_length_scenario(const ScenarioSpec& spec);

}  // namespace sonde
