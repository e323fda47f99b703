#pragma once
// The simulator's virtual GPUs as a DCGM exporter shows them (/gpu-metrics): framebuffer used
// and free (MiB) and utilisation (%) per GPU, labelled like dcgm-exporter.
#include <cstdint>
#include <string>

#include "sim/sim_config.hpp"

namespace sonde::sim {

// What the engine's GPUs are doing now.
struct GpuActivity {
  double util_pct = 0;      // share of the last second the engine was busy (%)
  int64_t step_tokens = 0;  // tokens of the latest step (drives the activation memory)
};

// Framebuffer bytes in use on one of the engine's GPUs: CUDA context, weights shard, the KV
// pool vLLM reserves at start-up, and the activations of the current step.
int64_t gpu_used_bytes(const SimConfig& config, int64_t step_tokens);

// Prometheus text for config.options.gpus GPUs; the first tensor_parallel_size run the engine,
// the others are idle.
std::string render_gpu_metrics(const SimConfig& config, const GpuActivity& activity);

// A stable UUID ("GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx") for virtual GPU `index`.
std::string gpu_uuid(const std::string& gpu_name, int index);

}  // namespace sonde::sim
