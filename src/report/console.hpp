#pragma once
// The end-of-run table on stdout, one row per scenario, like vLLM's own benchmark prints.
#include <cstdio>

#include "results/run_result.hpp"

namespace sonde {

void print_console_summary(const RunResult& run, std::FILE* out);

}  // namespace sonde
