#pragma once
// Samples GPU memory, utilisation, power and the energy counter on a background thread during
// each scenario (every 250 ms by default) and summarises peak and mean memory per GPU into a
// GpuMemoryRecord (results/gpu_memory.hpp); telemetry/gpu_energy.hpp turns the power and energy
// readings of its series into the scenario's energy record.
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "results/gpu_memory.hpp"  // GpuSample, GpuMemorySummary, GpuMemoryRecord
#include "telemetry/gpu_info.hpp"
#include "util/clock.hpp"

namespace sonde {

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
  // variable wakes the thread; it never sleeps out the interval), after one last reading when
  // the source reads power or energy (the scenario's energy ends at its end).
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
  GpuMemoryRecord record_;            // written by the thread only while it runs
  std::map<int, std::string> names_;  // device name per GPU index, from the reads
  bool reads_power_ = false;          // a reading had power or energy: stop() reads once more
};

// Peak/mean per GPU from a series (exposed for tests and for rebuilding from telemetry.jsonl).
// `names` maps GpuInfo::index to the device name (a missing index gets "").
std::vector<GpuMemorySummary> summarize_gpu_series(const std::vector<GpuSample>& series,
                                                   const std::map<int, std::string>& names);

// One JSON line per sample: {scenario, t_ms, gpu, used_bytes, total_bytes, utilization_pct},
// plus power_w and energy_j when the source read them.
void write_gpu_series_jsonl(std::ostream& out, const std::string& scenario,
                            const GpuMemoryRecord& record);

}  // namespace sonde
