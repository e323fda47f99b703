#pragma once
// Server-side truth around one scenario: vLLM's /metrics scraped before and after (counter and
// histogram deltas) and every 250 ms during (gauges), and GPU memory sampled every 250 ms.
// Both are optional: a missing /metrics or GPU source leaves the scenario's field null.
// Against `sonde sim`, whose /metrics also carries the exact peaks of its gauges since the last
// POST /admin/reset-peaks, the peaks are reset at the start and read at the end, so that a
// scenario shorter than a few sampling periods (a high --sim-speed) still gets its true peaks.
#include <atomic>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <thread>

#include "metrics/vllm_metrics.hpp"
#include "results/run_result.hpp"
#include "telemetry/gpu_info.hpp"
#include "telemetry/gpu_sampler.hpp"
#include "util/clock.hpp"

namespace sonde {

struct TelemetrySources {
  std::string metrics_url;             // e.g. http://host:8000/metrics ("" = none)
  std::optional<std::string> api_key;  // for /metrics behind auth; never logged
  std::string model_name;              // model_name label to count ("" = all)
  GpuReadFn gpu_read;                  // empty = no GPU source
  std::string gpu_source;              // "nvml", "nvidia-smi", "dcgm" or "none"
  double interval_s = 0.25;            // gauge and GPU sampling period
  double time_scale = 1;               // simulated seconds per real second (sim speed)
};

// Fetches and parses /metrics; nullopt when unreachable or not Prometheus text.
std::optional<MetricsPage> scrape_metrics(const std::string& url,
                                          const std::optional<std::string>& api_key);

// sonde sim's peak gauges (sonde_sim:*_peak*) raise the sampled peaks in `delta` (a sampled
// value never exceeds the true peak, so the larger one is the better). Returns whether the
// page had them.
bool apply_sim_peaks(const MetricsPage& page, const std::optional<std::string>& model_name,
                     ServerMetricsDelta& delta);

class ScenarioTelemetry {
 public:
  explicit ScenarioTelemetry(const TelemetrySources& sources);
  ~ScenarioTelemetry();
  ScenarioTelemetry(const ScenarioTelemetry&) = delete;
  ScenarioTelemetry& operator=(const ScenarioTelemetry&) = delete;

  // Takes the "before" snapshot and starts the samplers; instants count from `epoch`.
  void start(const std::string& scenario, Clock::time_point epoch);
  // Takes the "after" snapshot, stops the samplers and fills result.gpu_memory,
  // result.server_metrics, result.spec_decode (when vLLM speculates) and result.energy (when
  // the GPU source reads power or energy; its output tokens are set later, with the summary);
  // appends the time series to `series` (telemetry.jsonl).
  void stop(ScenarioResult& result, std::ostream& series);

 private:
  void poll_gauges();
  TelemetrySources sources_;
  std::string scenario_;
  Clock::time_point epoch_{};
  std::optional<MetricsPage> before_;
  bool sim_peaks_ = false;  // the server is `sonde sim` and its peaks were reset at start()
  std::unique_ptr<GpuSampler> gpu_;
  std::unique_ptr<GaugeTracker> gauges_;
  std::vector<std::string> gauge_lines_;  // telemetry.jsonl lines of the gauges
  std::atomic<bool> stop_{false};
  std::thread poller_;
};

}  // namespace sonde
