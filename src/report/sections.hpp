#pragma once
// Internal pieces of the Markdown report shared by markdown.cpp and conclusions.cpp.
#include <map>
#include <ostream>
#include <string>

#include "report/messages.hpp"
#include "results/run_result.hpp"

namespace sonde::report {

// Section 5: facts derived from the summaries only, each quoting its numbers.
void write_conclusions(const RunResult& run, const Messages& m, std::ostream& out);

// "http_500: 1, timeout_idle: 2" (kinds are identifiers, the same in every language).
std::string error_kinds(const std::map<std::string, int>& errors);

}  // namespace sonde::report
