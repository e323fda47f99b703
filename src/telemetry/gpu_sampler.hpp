#pragma once
// Samples GPU memory and utilisation on a background thread during each scenario (every
// 250 ms by default) and summarises peak and mean per GPU. Note for readers: vLLM reserves
// gpu_memory_utilization × VRAM at start-up, so VRAM barely moves during a run; the KV-cache
// gauge is what fills with load (METRICS.md, "GPU memory").
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "telemetry/gpu_info.hpp"
#include "util/clock.hpp"

namespace sonde {

// One reading of one GPU.
struct GpuSample {
  double t_ms = 0;                          // ms since the sampler's epoch
  int gpu = 0;                              // GpuInfo::index
  std::optional<uint64_t> used_bytes;       // memory in use, bytes
  std::optional<uint64_t> total_bytes;      // memory size, bytes
  std::optional<double> utilization_pct;    // GPU busy %, 0..100
};

// Peak and mean of one GPU over one scenario.
struct GpuMemorySummary {
  int index = 0;                                 // GpuInfo::index
  std::string name;                              // device name
  std::optional<uint64_t> peak_used_bytes;       // max used over the samples (nullopt: none)
  std::optional<uint64_t> mean_used_bytes;       // mean used over the samples, rounded
  std::optional<uint64_t> total_bytes;           // largest total seen (constant in practice)
  std::optional<double> peak_utilization_pct;    // max utilisation over the samples
};

// The per-scenario `gpu_memory` record of run.json, plus the series for telemetry.jsonl.
struct GpuMemoryRecord {
  std::string source;                    // "nvml", "nvidia-smi", "dcgm" or "none"
  double interval_ms = 0;                // sampling period asked for, ms
  int samples = 0;                       // sampling rounds that returned data
  int failed_reads = 0;                  // rounds whose read threw (source stopped answering)
  std::string last_error;                // message of the last failed read ("" if none)
  std::vector<GpuMemorySummary> gpus;    // per GPU, in index order
  std::vector<GpuSample> series;         // every reading, in time order (not in run.json)
};

class GpuSampler {
 public:
  GpuSampler(GpuReadFn read, std::string source,
             std::chrono::milliseconds interval = std::chrono::milliseconds(250));
  ~GpuSampler();  // stops a running sampler
  GpuSampler(const GpuSampler&) = delete;
  GpuSampler& operator=(const GpuSampler&) = delete;

  // Starts sampling now (first reading at once); t_ms of samples counts from `epoch`.
  // Discards what an earlier start/stop recorded. No-op when already running.
  void start(Clock::time_point epoch);
  // Stops and returns the record. Returns as soon as an in-flight read completes (a condition
  // variable wakes the thread; it never sleeps out the interval).
  GpuMemoryRecord stop();

 private:
  void loop();
  void sample_once();

  GpuReadFn read_;
  std::string source_;
  std::chrono::milliseconds interval_;
  Clock::time_point epoch_{};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_requested_ = false;  // guarded by mu_
  std::thread thread_;
  GpuMemoryRecord record_;       // written by the thread only while it runs
  std::map<int, std::string> names_;  // device name per GPU index, from the reads
};

// Peak/mean per GPU from a series (exposed for tests and for rebuilding from telemetry.jsonl).
// `names` maps GpuInfo::index to the device name (a missing index gets "").
std::vector<GpuMemorySummary> summarize_gpu_series(const std::vector<GpuSample>& series,
                                                   const std::map<int, std::string>& names);

// {source, interval_ms, samples, gpus:[{index, name, peak_used_bytes, mean_used_bytes,
// total_bytes, peak_utilization_pct}]}; unknown values are null. failed_reads and last_error
// are included only when non-zero / non-empty.
nlohmann::json gpu_memory_json(const GpuMemoryRecord& record);
// The inverse (series stays empty). Missing keys read as empty.
GpuMemoryRecord gpu_memory_from_json(const nlohmann::json& j);

// One JSON line per sample: {scenario, t_ms, gpu, used_bytes, total_bytes, utilization_pct}.
void write_gpu_series_jsonl(std::ostream& out, const std::string& scenario,
                            const GpuMemoryRecord& record);

}  // namespace sonde
