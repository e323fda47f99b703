#pragma once
// The typed, validated plan of one `sonde run` (or one sweep point): which server, what
// workload, how to measure it (RunOptions), and how sonde itself wired the run (Wiring).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/run_options.hpp"
#include "config/scenario.hpp"

namespace sonde {

// `sonde run --clients N`: this process is shard `index` of `count`, started by the parent
// run with internal flags (never a user's), all shards measuring the same plan together.
struct ShardWiring {
  int index = 0;                 // this shard, 0-based
  int count = 1;                 // shards in the run
  int64_t start_at_unix_ns = 0;  // the common start instant (wall clock, ns since 1970)
  std::string run_id;            // the parent's run id: the same prompts and ids in every shard
  std::string sync_dir;          // directory every shard sees: the per-scenario start barrier
  std::string clock_server;      // HOST:PORT of the parent's clock ("" = offset not measured)
  bool parent_sim = false;       // the server is the simulator the parent's --sim started
};

// What sonde sets itself, never a user flag: how the server it measures came to be.
struct Wiring {
  bool simulated_server = false;  // base_url is a `sonde sim` that a sweep launched
  double time_scale = 0;          // measured times x this; 0 = sim_speed with --sim, else 1
  std::string server_args_source = "--server-args";  // "launched" when a sweep started the server
  // A capacity probe: a rate scenario stops once its queue only grows (analysis/saturation.hpp).
  bool stop_when_saturated = false;
  std::optional<ShardWiring> shard;  // one client process of `sonde run --clients N`
};

struct Plan {
  // Target
  bool sim = false;              // start the built-in simulator in-process
  double sim_speed = 5;          // simulated time runs this many times faster than real
  std::string sim_profile_file;  // --sim-profile-file: a `sonde fit` profile for --sim ("" = none)
  std::string base_url;          // e.g. http://127.0.0.1:8000 (empty when sim)
  std::string model;             // "" = the server's first model from /v1/models
  // What sonde knows of the server's configuration (for server.settings)
  std::string server_args;  // the `vllm serve` flags the server runs with, as one string
  std::vector<std::pair<std::string, std::string>> suite_server_settings;  // suite file `server:`
  // Workload
  std::vector<ScenarioSpec> scenarios;  // in run order
  std::string suite_source = "seed";    // "seed" or the suite file's path
  // How to measure
  RunOptions options;
  // Output
  std::string out_dir;  // "" = results/<YYYYmmdd-HHMMSS>
  Wiring wiring;
};

// Simulated seconds per real second of the measured server: what every measured duration is
// multiplied by (the sweep's `sonde sim --speed`, --sim-speed with --sim, else 1). The one place
// that decides it.
double effective_time_scale(const Plan& plan);

// Throws UsageError naming the offending flag/key when the plan is inconsistent.
void validate(const Plan& plan);

}  // namespace sonde
