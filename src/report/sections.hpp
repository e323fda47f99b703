#pragma once
// Internal pieces of the run report's document shared by its section files (markdown.cpp,
// environment_section.cpp, warnings.cpp, conclusions*.cpp).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "report/document.hpp"
#include "report/findings.hpp"
#include "report/messages.hpp"
#include "results/run_result.hpp"

namespace sonde::report {

// Before section 1, only when there is something to say: prefix-cache hits, preemptions,
// missing VRAM or /metrics data, counter resets, and the runner's own warnings verbatim.
std::optional<doc::Section> warnings_section(const RunResult& run, const Messages& m);

// Section 1: the environment record, the vLLM settings with their sources, and hints for
// whatever is not recorded.
doc::Section environment_section(const RunResult& run, const Messages& m);

// Section 5: facts derived from the summaries only, each quoting its numbers, then the
// conclusions engine's findings (report/findings.hpp) under the template's item headings.
doc::Section conclusions_section(const RunResult& run, const Messages& m, Lang lang,
                                 const ConclusionOptions& conclusions);

// The section-5 facts that rest on the server-side records (TTFT split, KV cache, VRAM).
// Returns whether any scenario had GPU memory readings.
bool server_side_facts(const RunResult& run, const Messages& m, std::vector<std::string>& facts);

// A last column of GPU joules per output token and mean power, when any of `rows` has an energy
// record, and a note (added to `notes`) on how it was measured and where it was read.
void add_energy_column(doc::Table& table, const std::vector<const ScenarioResult*>& rows,
                       const Messages& m, std::vector<doc::Block>& notes);

// One line per scenario served with speculative decoding: acceptance rate and length, and why
// ITL (per chunk) then exceeds TPOT (per token).
void spec_decode_notes(const std::vector<const ScenarioResult*>& rows, const Messages& m,
                       std::vector<doc::Block>& out);

// `sonde capacity` runs only: the answer, the method, every probe and the capacity charts
// (anchor "capacity").
std::optional<doc::Section> capacity_section(const RunResult& run, const Messages& m);

// "http_500: 1, timeout_idle: 2" (kinds are identifiers, the same in every language).
std::string error_kinds(const std::map<std::string, int>& errors);

// "`a`, `b` and `c`"-style list of scenario names (comma-separated, each in backticks).
std::string name_list(const std::vector<std::string>& names);

}  // namespace sonde::report
