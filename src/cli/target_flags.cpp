#include "cli/target_flags.hpp"

#include "util/error.hpp"

namespace sonde {

void add_target_flags(CLI::App* cmd, TargetFlags& f, Plan& plan, bool ab) {
  cmd->add_option("--base-url", f.base_urls,
                  ab ? "Server to measure, e.g. http://127.0.0.1:8000; twice for an A/B run of "
                       "two servers"
                     : "Server to measure, e.g. http://127.0.0.1:8000")
      ->allow_extra_args(false);
  cmd->add_flag("--sim", plan.sim, "Start the built-in vLLM simulator and measure it");
  cmd->add_option("--sim-speed", plan.sim_speed,
                  "Simulated time runs this many times faster (with --sim)")
      ->capture_default_str();
  cmd->add_option("--sim-profile-file", plan.sim_profile_file,
                  "With --sim: a fitted profile written by `sonde fit` (its GPU, model and "
                  "fitted parameters replace the built-in figures)");
  cmd->add_option("--model", plan.model,
                  "Model name to request (default: the server's first model)");
  cmd->add_option("--out", plan.out_dir, "Output directory (default results/<YYYYmmdd-HHMMSS>)");
  cmd->add_option("--server-args", f.server_args,
                  ab ? "The `vllm serve` flags the server runs with, recorded in the report, e.g. "
                       "\"--tensor-parallel-size 2 --max-num-batched-tokens 8192\"; once per "
                       "--base-url in an A/B run"
                     : "The `vllm serve` flags the server runs with, recorded in the report, e.g. "
                       "\"--tensor-parallel-size 2 --max-num-batched-tokens 8192\"")
      ->allow_extra_args(false);
}

void apply_single_target(const TargetFlags& f, Plan& plan) {
  if (plan.sim && !f.base_urls.empty()) {
    throw UsageError("--sim and --base-url: choose one (the simulator is its own server)");
  }
  if (f.base_urls.size() > 1) {
    throw UsageError("--base-url: given more than once; this command measures one server");
  }
  if (f.server_args.size() > 1) {
    throw UsageError("--server-args: given more than once; once per --base-url, or once for all");
  }
  if (!plan.sim_profile_file.empty() && !plan.sim) {
    throw UsageError("--sim-profile-file: only with --sim (a server given by URL has its own)");
  }
  if (!f.base_urls.empty()) plan.base_url = f.base_urls.front();
  if (!f.server_args.empty()) plan.server_args = f.server_args.front();
}

}  // namespace sonde
