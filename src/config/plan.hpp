#pragma once
// The typed, validated plan of one `sonde run` (or one sweep point): which server, what
// workload, how to measure it (RunOptions), and how sonde itself wired the run (Wiring).
#include <string>
#include <utility>
#include <vector>

#include "config/run_options.hpp"
#include "config/scenario.hpp"

namespace sonde {

// What sonde sets itself, never a user flag: how the server it measures came to be.
struct Wiring {
  bool simulated_server = false;  // base_url is a `sonde sim` that a sweep launched
  double time_scale = 0;          // measured times x this; 0 = sim_speed with --sim, else 1
  std::string server_args_source = "--server-args";  // "launched" when a sweep started the server
  // A capacity probe: a rate scenario stops once its queue only grows (analysis/saturation.hpp).
  bool stop_when_saturated = false;
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
