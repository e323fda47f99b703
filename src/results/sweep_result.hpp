#pragma once
// A sweep's results as plain data: every point with its settings, status and runs.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "results/run_result.hpp"
#include "results/server_launch.hpp"
#include "results/sweep_capacity.hpp"

namespace sonde {

inline constexpr int kSweepSchemaVersion = 1;

// What became of a sweep point. Written to sweep.json by name ("ok", "oom_startup", ...).
enum class PointStatus {
  ok,                        // the server started and every run was measured
  planned,                   // --dry-run: would be launched
  skipped,                   // cannot run here (e.g. needs more GPUs than are visible)
  invalid_config,            // vLLM would reject the settings, or did (argument/config error)
  interrupted,               // Ctrl-C while the point was starting or running
  oom_startup,               // the server failed: FailureKind of the same name
  kv_cache_insufficient,     // ditto
  no_cache_memory,           // ditto
  insufficient_free_memory,  // ditto
  crashed,                   // ditto
  timeout,                   // ditto
  server_died,               // ditto (after start-up)
  oom_runtime,               // ditto (after start-up)
  invalid_run,               // measured, but a run is not valid (--max-failed-pct): left out of
                             // every comparison and recommendation, like a failed point
  submitted,                 // queued on the cluster (Slurm), not finished yet
  node_fail,                 // the cluster lost the node running the point (Slurm NODE_FAIL)
  cancelled,                 // the cluster job was cancelled by someone else (Slurm CANCELLED)
  out_of_memory,             // the job ran out of host memory (Slurm OUT_OF_MEMORY)
};

// Stable lower_snake names used in sweep.json and reports.
std::string_view point_status_name(PointStatus status);
std::optional<PointStatus> parse_point_status(std::string_view name);
// The status of a point whose server failed this way.
PointStatus point_status_of(FailureKind kind);
// A status that means the GPU ran out of memory (at start-up, for the KV cache, or later).
bool is_memory_failure(PointStatus status);

struct PointResult {
  std::string name;                                           // "p01", ...
  std::vector<std::pair<std::string, std::string>> settings;  // flag -> value of this point
  PointStatus status = PointStatus::ok;                       // what became of it
  std::string reason;                                         // one line for humans ("" when ok)
  std::string command;                        // the server command line (shell-quoted)
  std::optional<StartupFacts> startup_facts;  // KV cache tokens, max concurrency, ... (unset if
                                              // the server was never launched)
  std::optional<ServerFailure> failure;       // server failure with log excerpt (unset if none)
  std::optional<StopResult> stop;         // how the server was stopped (unset if never launched)
  std::vector<std::string> run_dirs;      // result directories of this point's runs, relative
  std::vector<RunResult> runs;            // the runs themselves (one per repeat)
  std::string job_id;                     // the cluster job that ran the point ("" = run locally)
  std::optional<PointCapacity> capacity;  // the sweep file's `capacity:` search at this point
                                          // (unset without one, or when it never ran)
};

struct SweepResult {
  int schema_version = kSweepSchemaVersion;
  std::string tool_version;       // SONDE_VERSION
  std::string sweep_file;         // the sweep YAML
  std::string started_at;         // ISO 8601 UTC
  std::string finished_at;        // ISO 8601 UTC ("" while running)
  bool complete = false;          // every point was handled
  std::string incomplete_reason;  // "" when complete
  std::vector<std::pair<std::string, std::vector<std::string>>> axes;  // flag -> values
  std::vector<PointResult> points;
  std::string executor = "local";  // where the points ran: "local" or "slurm"
  // With a `capacity:` block: the frontier, ranking and recommendation over the points'
  // capacities (analysis/capacity_ranking.hpp), under the --slo bounds of the last writing.
  std::optional<CapacityDecision> capacity;
  // `sonde sweep --predict FILE`: the fitted simulator profile every point ran on instead of a
  // real server ("" for a measured sweep).
  std::string predicted_from;
};

nlohmann::json sweep_json(const SweepResult& sweep);
SweepResult sweep_from_json(const nlohmann::json& j);  // runs' scenarios included

}  // namespace sonde
