#pragma once
// Runs a Plan end to end: start the simulator if asked, discover the server, warm up, run every
// scenario (prompts -> client -> journal), and write run.json, vllm/*.json and report.md.
#include <atomic>
#include <string>

#include "config/plan.hpp"
#include "results/run_result.hpp"
#include "util/error.hpp"

namespace sonde {

// Returns the run as written to plan.out_dir (or the default directory, see RunResult). When
// `stop` becomes true the current scenario is cut short and the run is written incomplete.
// Throws UsageError / UnreachableError before anything is measured.
// `exit_code`, when given, receives what `sonde run` should exit with: server_gone when the
// server stopped answering (the run ends there, everything measured written), interrupted when
// `stop` cut it short, else ok. `stop_signal`, when given, holds the signal that set `stop`
// (named in incomplete_reason).
RunResult execute(const Plan& plan, const std::atomic<bool>& stop, std::string& out_dir,
                  ExitCode* exit_code = nullptr, const std::atomic<int>* stop_signal = nullptr);

// "interrupted by SIGINT" (or SIGTERM, or "signal"): run.json's incomplete_reason after a stop.
std::string interruption_reason(const std::atomic<int>* stop_signal);

}  // namespace sonde
