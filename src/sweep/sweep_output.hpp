#pragma once
// A sweep directory's files: sweep.json, summary.csv (a row per point x scenario), report.md.
#include <string>

#include "results/sweep_result.hpp"

namespace sonde {

// Creates `dir` (mode 0755). Throws UsageError when it cannot or when it already holds a sweep.
void prepare_sweep_dir(const std::string& dir);

// Rewrites sweep.json, summary.csv and report.md atomically.
void write_sweep_outputs(const std::string& dir, const SweepResult& sweep, const std::string& lang);

}  // namespace sonde
