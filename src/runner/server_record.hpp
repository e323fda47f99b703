#pragma once
// What sonde records about the server before measuring: the test environment, the vLLM settings
// with their sources, and where server-side telemetry (metrics, GPU memory) comes from.
#include <string>

#include "config/plan.hpp"
#include "results/run_result.hpp"
#include "runner/target.hpp"
#include "runner/telemetry_session.hpp"

namespace sonde {

struct SimOptions;

// True when base_url's host is this machine (loopback or localhost).
bool is_local_url(const std::string& base_url);

// Fills run.environment, run.server.settings and run.warnings; returns the telemetry sources.
// `sim` is the in-process simulator's options (nullptr for a real server).
TelemetrySources record_server(RunResult& run, const Plan& plan, const Endpoint& endpoint,
                               const SimOptions* sim);

}  // namespace sonde
