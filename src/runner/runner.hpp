#pragma once
// Runs a Plan end to end: start the simulator if asked, discover the server, warm up, run every
// scenario (prompts -> client -> journal), and write run.json, vllm/*.json and report.md.
#include <atomic>

#include "config/plan.hpp"
#include "results/run_result.hpp"

namespace sonde {

// Returns the run as written to plan.out_dir (or the default directory, see RunResult). When
// `stop` becomes true the current scenario is cut short and the run is written incomplete.
// Throws UsageError / UnreachableError before anything is measured.
RunResult execute(const Plan& plan, const std::atomic<bool>& stop, std::string& out_dir);

}  // namespace sonde
