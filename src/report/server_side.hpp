#pragma once
// Internal to the reports: the server-side records of a RunResult (environment, vLLM settings,
// per-scenario gpu_memory and server_metrics), plus the few figures several sections derive
// from them. A record that was not recorded (or was unreadable in run.json) is unset: the
// report says so instead of failing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/messages.hpp"
#include "results/run_result.hpp"

namespace sonde::report {

// run.environment (unset when not recorded).
const std::optional<Environment>& environment_of(const RunResult& run);

// The environment was recorded on the "client host": the server is remote and only the
// machine running sonde could be read.
bool recorded_on_client(const RunResult& run);

// A scenario's gpu_memory (unset when not recorded).
const std::optional<GpuMemoryRecord>& gpu_memory_of(const ScenarioResult& sc);

// A scenario's server_metrics (unset when not recorded).
const std::optional<ServerMetricsDelta>& server_metrics_of(const ScenarioResult& sc);

// The GPU with the highest peak_used_bytes; nullopt when no GPU has a reading.
std::optional<GpuMemorySummary> busiest_gpu(const GpuMemoryRecord& record);

// Bytes in GiB (2^30).
double gib(uint64_t bytes);

// A fraction 0–1 as "38.2%"; "—" when not finite.
std::string percent(double fraction);

// Values recorded for one vLLM setting, in the order the runner recorded them (first = the
// source it trusted first). Usually one; more when the same flag came from several sources.
std::vector<ServerSetting> settings_named(const RunResult& run, const std::string& name);

// The first value of a setting as a number; nullopt when absent or not numeric.
std::optional<double> setting_number(const RunResult& run, const std::string& name);

// Two setting values that mean the same ("0.9" = "0.90", "True" = "true").
bool same_setting_value(const std::string& a, const std::string& b);

// run.warnings that name this setting ("setting <name>: ..." from the runner's cross-check).
bool setting_has_warning(const RunResult& run, const std::string& name);

// Where a setting came from, in the reader's language ("simulator", "`--server-args`", ...).
std::string source_label(const std::string& source, const Messages& m);

// How a scenario loaded the server, for sentences: "concurrency 8", "2 req/s", "1,000-token
// input, one request at a time".
std::string load_case(const ScenarioSpec& spec, const Messages& m);

}  // namespace sonde::report
