#pragma once
// The simulator's virtual GPUs as a DCGM exporter shows them (/gpu-metrics): framebuffer used
// and free (MiB), utilisation (%), power (W) and the total-energy counter (mJ) per GPU, labelled
// like dcgm-exporter. Power follows the GPU profile: idle_power_w + (board_power_w -
// idle_power_w) x the engine's busy share. Energy, like every other figure of the simulator,
// runs in simulated time, so joules per token do not depend on --speed.
#include <cstdint>
#include <string>

#include "sim/sim_config.hpp"

namespace sonde::sim {

// What the engine's GPUs are doing now.
struct GpuActivity {
  double util_pct = 0;      // share of the last second the engine was busy (%)
  int64_t step_tokens = 0;  // tokens of the latest step (drives the activation memory)
  double elapsed_s = 0;     // simulated seconds since the server started
  double busy_s = 0;        // of those, simulated seconds the engine spent in finished steps
};

// Power of one engine GPU at `util_pct` (W); 0 when the profile has no power figures.
double gpu_power_w(const SimConfig& config, double util_pct);
// Energy one engine GPU drew since the server started (J): idle power all the time plus the
// busy increment while the engine stepped. An idle GPU (beyond tensor_parallel_size) draws
// idle power: gpu_energy_j(config, elapsed_s, 0).
double gpu_energy_j(const SimConfig& config, double elapsed_s, double busy_s);

// Framebuffer bytes in use on one of the engine's GPUs: CUDA context, weights shard, the KV
// pool vLLM reserves at start-up, and the activations of the current step.
int64_t gpu_used_bytes(const SimConfig& config, int64_t step_tokens);

// Prometheus text for config.options.gpus GPUs; the first tensor_parallel_size run the engine,
// the others are idle.
std::string render_gpu_metrics(const SimConfig& config, const GpuActivity& activity);

// A stable UUID ("GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx") for virtual GPU `index`.
std::string gpu_uuid(const std::string& gpu_name, int index);

}  // namespace sonde::sim
