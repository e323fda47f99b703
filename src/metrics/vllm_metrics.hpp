#pragma once
// vLLM's own view of a scenario: the difference between two /metrics snapshots (taken before
// and after the scenario) plus gauges sampled while it ran. Names follow VLLM-FACTS.md; both
// the V1 names and their pre-0.12 predecessors are understood. No networking here: the caller
// fetches the page text and hands us parsed pages.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "metrics/prometheus.hpp"

namespace sonde {

// One server-side latency histogram over a scenario, from the delta of its cumulative buckets.
struct ServerHistogramDelta {
  std::int64_t count = 0;  // observations during the scenario (delta of _count)
  // The fields below are in milliseconds and NaN (JSON null) when count == 0.
  double mean = std::numeric_limits<double>::quiet_NaN();  // delta _sum / delta _count
  double p50 = std::numeric_limits<double>::quiet_NaN();   // bucket-interpolated median
  double p90 = std::numeric_limits<double>::quiet_NaN();   // bucket-interpolated 90th pct
  double p99 = std::numeric_limits<double>::quiet_NaN();   // bucket-interpolated 99th pct
};

// What vLLM itself counted during one scenario (run.json's per-scenario `server_metrics`).
// Counters are nullopt (JSON null) when the server does not expose them at all.
struct ServerMetricsDelta {
  ServerHistogramDelta queue_ms;      // vllm:request_queue_time_seconds (waiting for a slot)
  ServerHistogramDelta prefill_ms;    // vllm:request_prefill_time_seconds
  ServerHistogramDelta decode_ms;     // vllm:request_decode_time_seconds
  ServerHistogramDelta inference_ms;  // vllm:request_inference_time_seconds (prefill + decode)
  ServerHistogramDelta ttft_ms;       // vllm:time_to_first_token_seconds
  ServerHistogramDelta itl_ms;        // vllm:inter_token_latency_seconds (or its old name,
                                      // time_per_output_token_seconds)
  ServerHistogramDelta e2el_ms;       // vllm:e2e_request_latency_seconds

  // Gauges, filled by GaugeTracker::fill; NaN when never sampled.
  double kv_cache_usage_peak = std::numeric_limits<double>::quiet_NaN();  // fraction 0–1
  double kv_cache_usage_mean = std::numeric_limits<double>::quiet_NaN();  // fraction 0–1
  double num_requests_running_peak = std::numeric_limits<double>::quiet_NaN();  // requests
  double num_requests_waiting_peak = std::numeric_limits<double>::quiet_NaN();  // requests
  std::size_t gauge_samples = 0;  // snapshots the gauges above were computed from

  std::optional<std::int64_t> num_preemptions;       // requests preempted (recomputed later)
  std::optional<std::int64_t> prefix_cache_queries;  // prompt tokens looked up in the cache
  std::optional<std::int64_t> prefix_cache_hits;     // of those, tokens found cached
  // hits / queries; NaN when there were no queries
  double prefix_cache_hit_rate = std::numeric_limits<double>::quiet_NaN();
  std::optional<std::int64_t> prompt_tokens;      // prefill tokens processed
  std::optional<std::int64_t> generation_tokens;  // tokens generated
  std::map<std::string, std::int64_t> requests_finished;  // finished_reason → requests

  // A counter went backwards between the snapshots (the server restarted): the affected
  // series were taken from the after-snapshot alone, so deltas may include pre-scenario work.
  bool reset_detected = false;
};

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
  std::size_t snapshots_ = 0;    // pages added
  std::size_t kv_samples_ = 0;   // pages that carried a KV-cache gauge
  double kv_peak_ = std::numeric_limits<double>::quiet_NaN();
  double kv_sum_ = 0;            // sum of per-page means, for the mean over time
  double running_peak_ = std::numeric_limits<double>::quiet_NaN();
  double waiting_peak_ = std::numeric_limits<double>::quiet_NaN();
};

// Labels of `vllm:cache_config_info` (block_size, gpu_memory_utilization, num_gpu_blocks,
// enable_prefix_caching, cache_dtype, ...) as strings, exactly as vLLM wrote them ("True",
// "None", "0.9"). From the first such sample; empty when the page has none.
std::map<std::string, std::string> cache_config_info(const MetricsPage& page);

// run.json's `server_metrics` object; NaN → null, absent counters → null.
nlohmann::json to_json(const ServerMetricsDelta& delta);
// The inverse, for rebuilding reports from run.json. Missing keys read as absent/NaN/0;
// throws nlohmann::json::exception on a key of the wrong type.
ServerMetricsDelta server_metrics_from_json(const nlohmann::json& j);

}  // namespace sonde
