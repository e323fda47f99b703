#include "sweep/predict.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <string_view>

#include "profiles/fitted_profile.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

// The `vllm serve` flags `sonde sim` takes (cli/sim_cmd.cpp) that a sweep may set.
constexpr std::string_view kSimFlags[] = {"max-model-len",
                                          "max-num-seqs",
                                          "max-num-batched-tokens",
                                          "tensor-parallel-size",
                                          "gpu-memory-utilization",
                                          "block-size",
                                          "enable-prefix-caching",
                                          "enable-chunked-prefill",
                                          "dtype",
                                          "quantization",
                                          "kv-cache-dtype",
                                          "model",
                                          "served-model-name",
                                          "host",
                                          "port",
                                          "api-key",
                                          "speculative-tokens",
                                          "acceptance-rate",
                                          "gpus",
                                          "reasoning-tokens",
                                          "enable-prompt-tokens-details"};

bool sim_knows(const std::string& flag) {
  return std::find(std::begin(kSimFlags), std::end(kSimFlags), flag) != std::end(kSimFlags);
}

void check_swept(const FlagSet& flags, const char* where) {
  for (const auto& [flag, value] : flags) {
    if (!sim_knows(flag)) {
      throw UsageError(fmt::format(
          "--predict: {} sets --{}, which the simulator does not model; remove it from the "
          "sweep file to predict the rest",
          where, flag));
    }
  }
}

}  // namespace

SweepSpec predicted_sweep(SweepSpec spec, const std::string& profile_path, double speed,
                          std::vector<std::string>& dropped) {
  if (!(speed > 0)) throw UsageError("--predict-speed: must be > 0");
  (void)profiles::read_fitted_profile(profile_path, "--predict");  // fails early, naming the file
  const std::string profile = std::filesystem::absolute(profile_path).string();
  // `vllm serve MODEL ...` keeps its model name; anything else becomes plain `sonde sim`.
  std::vector<std::string> command = {"sonde", "sim"};
  const bool serve = spec.command.size() >= 3 && spec.command[1] == "serve";
  const bool sim =
      spec.command.size() >= 2 && spec.command[0] == "sonde" && spec.command[1] == "sim";
  if (serve || sim) command.insert(command.end(), spec.command.begin() + 2, spec.command.end());
  spec.command = command;
  for (const auto& [flag, values] : spec.axes) {
    if (!sim_knows(flag)) {
      throw UsageError(fmt::format(
          "--predict: the sweep's axis --{} is not something the simulator models; remove that "
          "axis to predict the others",
          flag));
    }
  }
  for (const auto& p : spec.extra_points) check_swept(p, "a point");
  FlagSet fixed;
  for (auto& [flag, value] : spec.fixed_args) {
    if (sim_knows(flag) && flag != "speed") {
      fixed.emplace_back(flag, value);
    } else if (flag != "speed" && flag != "profile-file" && flag != "gpu" &&
               flag != "model-profile" && flag != "gpu-profile-file" &&
               flag != "model-profile-file") {
      dropped.push_back(fmt::format("--{} (the simulator does not model it)", flag));
    }
  }
  fixed.emplace_back("profile-file", profile);
  fixed.emplace_back("speed", speed);
  spec.fixed_args = std::move(fixed);
  spec.sim_speed = speed;
  spec.executor = ExecutorSpec{};  // predictions run here, one after another
  return spec;
}

}  // namespace sonde
