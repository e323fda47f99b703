#pragma once
// run.json's per-scenario `server_metrics` record: what vLLM itself counted during one scenario,
// the difference between two /metrics snapshots plus gauges sampled while it ran.
// metrics/vllm_metrics.hpp fills it (names in docs/metrics.md and docs/vllm-facts.md).
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

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
  double kv_cache_usage_peak = std::numeric_limits<double>::quiet_NaN();        // fraction 0–1
  double kv_cache_usage_mean = std::numeric_limits<double>::quiet_NaN();        // fraction 0–1
  double num_requests_running_peak = std::numeric_limits<double>::quiet_NaN();  // requests
  double num_requests_waiting_peak = std::numeric_limits<double>::quiet_NaN();  // requests
  std::size_t gauge_samples = 0;  // snapshots the gauges above were computed from

  std::optional<std::int64_t> num_preemptions;       // requests preempted (recomputed later)
  std::optional<std::int64_t> prefix_cache_queries;  // prompt tokens looked up in the cache
  std::optional<std::int64_t> prefix_cache_hits;     // of those, tokens found cached
  // hits / queries; NaN when there were no queries
  double prefix_cache_hit_rate = std::numeric_limits<double>::quiet_NaN();
  std::optional<std::int64_t> prompt_tokens;              // prefill tokens processed
  std::optional<std::int64_t> generation_tokens;          // tokens generated
  std::map<std::string, std::int64_t> requests_finished;  // finished_reason → requests

  // A counter went backwards between the snapshots (the server restarted): the affected
  // series were taken from the after-snapshot alone, so deltas may include pre-scenario work.
  bool reset_detected = false;
};

// run.json's `server_metrics` object; NaN → null, absent counters → null.
void to_json(nlohmann::json& j, const ServerMetricsDelta& delta);
// The inverse, for rebuilding reports from run.json. Missing keys read as absent/NaN/0;
// throws nlohmann::json::exception on a key of the wrong type.
void from_json(const nlohmann::json& j, ServerMetricsDelta& delta);

}  // namespace sonde
