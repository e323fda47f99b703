#pragma once
// vLLM's own view of a scenario: the difference between two /metrics snapshots (taken before
// and after the scenario) plus gauges sampled while it ran. Names follow docs/vllm-facts.md; both
// the V1 names and their pre-0.12 predecessors are understood. No networking here: the caller
// fetches the page text and hands us parsed pages.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include "metrics/prometheus.hpp"
#include "results/server_metrics.hpp"  // ServerHistogramDelta, ServerMetricsDelta

namespace sonde {

// Counter and histogram deltas between two snapshots, summed over every label set whose
// `model_name` equals `model_name` (all label sets when unset). Gauge fields are left unset.
ServerMetricsDelta diff_server_metrics(const MetricsPage& before, const MetricsPage& after,
                                       const std::optional<std::string>& model_name = {});

// The instantaneous gauges of one page. NaN where the page lacks the metric.
struct VllmGauges {
  // fraction 0–1, the fullest engine
  double kv_cache_usage_max = std::numeric_limits<double>::quiet_NaN();
  // fraction 0–1, averaged over engines
  double kv_cache_usage_mean = std::numeric_limits<double>::quiet_NaN();
  // requests, summed over engines
  double num_requests_running = std::numeric_limits<double>::quiet_NaN();
  // requests, summed over engines
  double num_requests_waiting = std::numeric_limits<double>::quiet_NaN();
};
VllmGauges read_vllm_gauges(const MetricsPage& page,
                            const std::optional<std::string>& model_name = {});

// Accumulates gauges from snapshots scraped during a scenario. Not thread-safe: one sampler
// thread feeds it, and fill() is called after that thread has been joined.
class GaugeTracker {
 public:
  explicit GaugeTracker(std::optional<std::string> model_name = {});
  void add(const MetricsPage& page);
  void add(const VllmGauges& gauges);
  std::size_t snapshots() const { return snapshots_; }
  // Writes kv_cache_usage_peak/mean, num_requests_{running,waiting}_peak and gauge_samples.
  void fill(ServerMetricsDelta& delta) const;

 private:
  std::optional<std::string> model_name_;
  std::size_t snapshots_ = 0;   // pages added
  std::size_t kv_samples_ = 0;  // pages that carried a KV-cache gauge
  double kv_peak_ = std::numeric_limits<double>::quiet_NaN();
  double kv_sum_ = 0;  // sum of per-page means, for the mean over time
  double running_peak_ = std::numeric_limits<double>::quiet_NaN();
  double waiting_peak_ = std::numeric_limits<double>::quiet_NaN();
};

// Labels of `vllm:cache_config_info` (block_size, gpu_memory_utilization, num_gpu_blocks,
// enable_prefix_caching, cache_dtype, ...) as strings, exactly as vLLM wrote them ("True",
// "None", "0.9"). From the first such sample; empty when the page has none.
std::map<std::string, std::string> cache_config_info(const MetricsPage& page);

}  // namespace sonde
