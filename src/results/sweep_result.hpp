#pragma once
// A sweep's results as plain data: every point with its settings, status and runs.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "results/run_result.hpp"

namespace sonde {

inline constexpr int kSweepSchemaVersion = 1;

struct PointResult {
  std::string name;                                   // "p01", ...
  std::vector<std::pair<std::string, std::string>> settings;  // flag -> value of this point
  std::string status;        // "ok", "skipped", "invalid_config", "planned" (dry run),
                             // "interrupted", or a server failure kind (oom_startup, ...)
  std::string reason;        // one line for humans ("" when ok)
  std::string command;       // the server command line (shell-quoted)
  nlohmann::json startup_facts;   // KV cache tokens, max concurrency, ... (null if unknown)
  nlohmann::json failure;         // server failure with log excerpt (null if none)
  nlohmann::json stop;            // how the server was stopped (null if never launched)
  std::vector<std::string> run_dirs;  // result directories of this point's runs, relative
  std::vector<RunResult> runs;        // the runs themselves (one per repeat)
};

struct SweepResult {
  int schema_version = kSweepSchemaVersion;
  std::string tool_version;      // SONDE_VERSION
  std::string sweep_file;        // the sweep YAML
  std::string started_at;        // ISO 8601 UTC
  std::string finished_at;       // ISO 8601 UTC ("" while running)
  bool complete = false;         // every point was handled
  std::string incomplete_reason; // "" when complete
  std::vector<std::pair<std::string, std::vector<std::string>>> axes;  // flag -> values
  std::vector<PointResult> points;
};

nlohmann::json sweep_json(const SweepResult& sweep);
SweepResult sweep_from_json(const nlohmann::json& j);  // runs' scenarios included

}  // namespace sonde
