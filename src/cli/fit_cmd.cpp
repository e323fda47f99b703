// `sonde fit RUN_DIR... --out profile.json`: fits the simulator's cost-model parameters to runs of
// one GPU + model + vLLM version (fit/fit_profile.hpp), prints them with the residuals and writes
// profile.json for `sonde sim --profile-file`.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "fit/fit_profile.hpp"
#include "fit/profile_json.hpp"
#include "fit/run_data.hpp"
#include "results/atomic_file.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

struct FitFlags {
  std::vector<std::string> dirs;
  std::string out;
  fit::ReadOptions read;
};

void print_fit(const fit::FitInput& in, const fit::FitResult& r) {
  const auto& first = in.runs.front();
  fmt::print("Fitted {} / {} (vLLM {}) to {} run(s), {} scenario(s)\n", r.gpu, r.model_profile,
             first.vllm_version.empty() ? "version unknown" : first.vllm_version, in.runs.size(),
             in.observations.size());
  fmt::print("\n{:<26} {:>12} {:>12} {:>9}  {}\n", "parameter", "profile", "fitted", "change",
             "from");
  for (const auto& p : r.parameters) {
    fmt::print("{:<26} {:>12.4g} {:>12.4g} {:>8.1f}%  {}\n", p.name, p.start, p.value,
               p.start != 0 ? 100 * (p.value / p.start - 1) : 0.0, p.how);
  }
  if (r.kv.measured) {
    fmt::print("{:<26} {:>12} {:>12} {:>8.1f}%  num_gpu_blocks the server reported\n",
               "kv_cache_blocks", r.kv.simulator_blocks, r.kv.num_gpu_blocks,
               100.0 * (static_cast<double>(r.kv.num_gpu_blocks) /
                            static_cast<double>(std::max<int64_t>(1, r.kv.simulator_blocks)) -
                        1));
  } else {
    fmt::print(
        "kv_cache_blocks            not recorded (no cache_config_info); the simulator's "
        "own accounting is kept\n");
  }
  fmt::print("\nResiduals (measured vs fitted simulator, same requests replayed):\n");
  fmt::print("{:<22} {:<11} {:<7} {:>12} {:>12} {:>8}\n", "scenario", "figure", "source",
             "measured ms", "model ms", "error");
  for (const auto& e : r.residuals) {
    const std::string name =
        in.runs.size() > 1 ? fmt::format("{}:{}", e.run + 1, e.scenario) : e.scenario;
    fmt::print("{:<22} {:<11} {:<7} {:>12.3f} {:>12.3f} {:>7.2f}%\n", name, e.figure, e.source,
               e.measured_ms, e.model_ms, e.error_pct);
  }
  fmt::print("RMS error {:.2f} % (the profile's own figures: {:.2f} %), {} iteration(s)\n",
             r.rms_pct, r.start_rms_pct, r.iterations);
  if (r.client_offset_fitted) {
    fmt::print(
        "Client figures: their TTFT holds {:.2f} ms beyond the engine's prefill (HTTP, "
        "tokenising), fitted beside the parameters and not simulated\n",
        r.client_ttft_offset_ms);
  }
  for (const auto& n : in.notes) fmt::print("note: {}\n", n);
}

int fit_action(const FitFlags& f) {
  if (f.dirs.empty())
    throw UsageError("RUN_DIR: give one or more directories written by `sonde run`");
  if (f.out.empty())
    throw UsageError("--out: required, the profile file to write (e.g. profile.json)");
  const fit::FitInput in = fit::read_runs(f.dirs, f.read);
  const fit::FitResult r = fit::fit_runs(in);
  print_fit(in, r);
  write_file_atomic(f.out, fit::profile_json(in, r).dump(2) + "\n");
  fmt::print(
      "\nProfile: {}\nUse it:  sonde sim --profile-file {}   (or sonde sweep --predict {} "
      "SWEEP.yaml)\n",
      f.out, f.out, f.out);
  return 0;
}

}  // namespace

Action add_fit_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "fit", "Fit the simulator's parameters to your own runs (one GPU + model + vLLM version)");
  auto f = std::make_shared<FitFlags>();
  cmd->add_option(
      "run_dirs", f->dirs,
      "Result directories of `sonde run` (run.json + requests.jsonl), e.g. a seed-suite "
      "run");
  cmd->add_option("--out", f->out, "Profile file to write, e.g. profile.json");
  cmd->add_option("--gpu", f->read.gpu,
                  "GPU profile the runs measured, when run.json does not say (h100, h200, "
                  "a100-80g, a100-40g, l40s, l4, a10)");
  cmd->add_option("--model-profile", f->read.model_profile,
                  "Model profile the runs measured, when the model name does not say");
  return [f] { return fit_action(*f); };
}

}  // namespace sonde
