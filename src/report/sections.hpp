#pragma once
// Internal pieces of the Markdown report shared by its section files (markdown.cpp,
// environment_section.cpp, warnings.cpp, conclusions*.cpp).
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "report/findings.hpp"
#include "report/messages.hpp"
#include "results/run_result.hpp"

namespace sonde::report {

// Before section 1, only when there is something to say: prefix-cache hits, preemptions,
// missing VRAM or /metrics data, counter resets, and the runner's own warnings verbatim.
void write_warnings(const RunResult& run, const Messages& m, std::ostream& out);

// Section 1: the environment record, the vLLM settings with their sources, and hints for
// whatever is not recorded.
void write_environment(const RunResult& run, const Messages& m, std::ostream& out);

// Section 5: facts derived from the summaries only, each quoting its numbers, then the
// conclusions engine's findings (report/findings.hpp) under the template's item headings.
void write_conclusions(const RunResult& run, const Messages& m, std::ostream& out, Lang lang,
                       const ConclusionOptions& conclusions);

// The section-5 facts that rest on the server-side records (TTFT split, KV cache, VRAM).
// Returns whether any scenario had GPU memory readings.
bool server_side_facts(const RunResult& run, const Messages& m, std::vector<std::string>& facts);

// "http_500: 1, timeout_idle: 2" (kinds are identifiers, the same in every language).
std::string error_kinds(const std::map<std::string, int>& errors);

// Markdown table cell: a '|' inside the text must not split the row.
std::string md_cell(const std::string& text);

// Text from outside the catalogue (runner warnings, notes of probes) shown as written:
// Markdown's active characters (\ ` * _ [ ] < >) are backslash-escaped.
std::string md_escape(const std::string& text);

// "| --- | --- |" with as many columns as the header row has.
std::string table_separator(const std::string& header);

// "`a`, `b` and `c`"-style list of scenario names (comma-separated, each in backticks).
std::string name_list(const std::vector<std::string>& names);

}  // namespace sonde::report
