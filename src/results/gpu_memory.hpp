#pragma once
// run.json's per-scenario `gpu_memory` record: GPU memory and utilisation sampled while the
// scenario ran, summarised per GPU. telemetry/gpu_sampler.hpp fills it. Note for readers: vLLM
// reserves gpu_memory_utilization × VRAM at start-up, so VRAM barely moves during a run; the
// KV-cache gauge is what fills with load (docs/metrics.md, "GPU memory").
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sonde {

// One reading of one GPU.
struct GpuSample {
  double t_ms = 0;                        // ms since the sampler's epoch
  int gpu = 0;                            // GpuInfo::index
  std::optional<uint64_t> used_bytes;     // memory in use, bytes
  std::optional<uint64_t> total_bytes;    // memory size, bytes
  std::optional<double> utilization_pct;  // GPU busy %, 0..100
  std::optional<double> power_w;          // board power draw, W
  std::optional<double> energy_j;         // energy counter reading, J (since the driver loaded)

  bool operator==(const GpuSample&) const = default;
};

// Peak and mean of one GPU over one scenario.
struct GpuMemorySummary {
  int index = 0;                               // GpuInfo::index
  std::string name;                            // device name
  std::optional<uint64_t> peak_used_bytes;     // max used over the samples (nullopt: none)
  std::optional<uint64_t> mean_used_bytes;     // mean used over the samples, rounded (bytes)
  std::optional<uint64_t> total_bytes;         // largest total seen (constant in practice), bytes
  std::optional<double> peak_utilization_pct;  // max utilisation over the samples, %

  bool operator==(const GpuMemorySummary&) const = default;
};

// The per-scenario `gpu_memory` record of run.json, plus the series for telemetry.jsonl.
struct GpuMemoryRecord {
  std::string source;                  // "nvml", "nvidia-smi", "dcgm" or "none"
  double interval_ms = 0;              // sampling period asked for, ms
  int samples = 0;                     // sampling rounds that returned data
  int failed_reads = 0;                // rounds whose read threw (source stopped answering)
  std::string last_error;              // message of the last failed read ("" if none)
  std::vector<GpuMemorySummary> gpus;  // per GPU, in index order
  std::vector<GpuSample> series;       // every reading, in time order (not in run.json)

  bool operator==(const GpuMemoryRecord&) const = default;
};

// {source, interval_ms, samples, gpus:[{index, name, peak_used_bytes, mean_used_bytes,
// total_bytes, peak_utilization_pct}]}; unknown values are null. failed_reads and last_error
// are included only when non-zero / non-empty; the series is not (telemetry.jsonl holds it).
void to_json(nlohmann::json& j, const GpuMemoryRecord& record);
// The inverse (series stays empty). Missing keys read as empty; throws nlohmann::json::exception
// on a key of the wrong type.
void from_json(const nlohmann::json& j, GpuMemoryRecord& record);

}  // namespace sonde
