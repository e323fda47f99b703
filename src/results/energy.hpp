#pragma once
// run.json's per-scenario `energy` record: what the GPUs drew while the scenario ran, from the
// GPU sampler's readings (telemetry/gpu_energy.hpp computes it; docs/metrics.md "Energy" defines
// it). An energy counter (NVML, DCGM) is preferred; without one, power readings are integrated.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sonde {

// One GPU over one scenario.
struct GpuEnergy {
  int index = 0;                       // GpuInfo::index
  std::string name;                    // device name ("" if unknown)
  std::string method;                  // "energy_counter" or "power_integrated"
  double joules = 0;                   // energy drawn between its first and last reading, J
  double window_s = 0;                 // first to last reading, s (simulated s against sonde sim)
  double mean_power_w = 0;             // joules / window_s, W (0 when the window is empty)
  std::optional<double> peak_power_w;  // highest power reading, W (nullopt: no power readings)

  bool operator==(const GpuEnergy&) const = default;
};

struct EnergyRecord {
  // "<gpu source>:<method>": e.g. "nvml:energy_counter", "dcgm:energy_counter",
  // "nvidia-smi:power_integrated"; method "mixed" when GPUs differ.
  std::string source;
  double joules = 0;          // all GPUs together, J
  double mean_power_w = 0;    // sum of the GPUs' mean power, W
  int64_t output_tokens = 0;  // output tokens of the scenario's ok requests (the divisor)
  // joules / output_tokens; NaN (JSON null) when no output token was produced
  double joules_per_output_token = std::numeric_limits<double>::quiet_NaN();
  std::vector<GpuEnergy> per_gpu;  // in index order

  bool operator==(const EnergyRecord&) const = default;
};

// {source, joules, mean_power_w, output_tokens, joules_per_output_token, per_gpu:[{index, name,
// method, joules, window_s, mean_power_w, peak_power_w}]}; NaN and absent values are null.
void to_json(nlohmann::json& j, const EnergyRecord& record);
// The inverse; throws nlohmann::json::exception on a missing or mistyped key.
void from_json(const nlohmann::json& j, EnergyRecord& record);

}  // namespace sonde
