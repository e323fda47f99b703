// run.json's per-scenario `server_metrics`: NaN and absent counters are null, never NaN.
#include <cmath>

#include <nlohmann/json.hpp>

#include "results/server_metrics.hpp"

namespace sonde {
namespace {

using nlohmann::json;

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
json count(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

double read_number(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::numeric_limits<double>::quiet_NaN();
  return it->get<double>();
}

std::optional<std::int64_t> read_count(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<std::int64_t>();
}

json histogram_json(const ServerHistogramDelta& h) {
  return {{"count", h.count},
          {"mean", number(h.mean)},
          {"p50", number(h.p50)},
          {"p90", number(h.p90)},
          {"p99", number(h.p99)}};
}

ServerHistogramDelta histogram_from(const json& j, const char* key) {
  ServerHistogramDelta h;
  auto it = j.find(key);
  if (it == j.end() || !it->is_object()) return h;
  h.count = it->value("count", std::int64_t{0});
  h.mean = read_number(*it, "mean");
  h.p50 = read_number(*it, "p50");
  h.p90 = read_number(*it, "p90");
  h.p99 = read_number(*it, "p99");
  return h;
}

}  // namespace

void to_json(nlohmann::json& j, const ServerMetricsDelta& d) {
  j = json::object();
  j["queue_ms"] = histogram_json(d.queue_ms);
  j["prefill_ms"] = histogram_json(d.prefill_ms);
  j["decode_ms"] = histogram_json(d.decode_ms);
  j["inference_ms"] = histogram_json(d.inference_ms);
  j["ttft_ms"] = histogram_json(d.ttft_ms);
  j["itl_ms"] = histogram_json(d.itl_ms);
  j["e2el_ms"] = histogram_json(d.e2el_ms);
  j["kv_cache_usage_peak"] = number(d.kv_cache_usage_peak);
  j["kv_cache_usage_mean"] = number(d.kv_cache_usage_mean);
  j["num_requests_running_peak"] = number(d.num_requests_running_peak);
  j["num_requests_waiting_peak"] = number(d.num_requests_waiting_peak);
  j["gauge_samples"] = d.gauge_samples;
  j["num_preemptions"] = count(d.num_preemptions);
  j["prefix_cache_hit_rate"] = number(d.prefix_cache_hit_rate);
  j["prefix_cache_queries"] = count(d.prefix_cache_queries);
  j["prefix_cache_hits"] = count(d.prefix_cache_hits);
  j["prompt_tokens"] = count(d.prompt_tokens);
  j["generation_tokens"] = count(d.generation_tokens);
  j["requests_finished"] = d.requests_finished;
  j["reset_detected"] = d.reset_detected;
}

void from_json(const nlohmann::json& j, ServerMetricsDelta& d) {
  d = ServerMetricsDelta{};
  d.queue_ms = histogram_from(j, "queue_ms");
  d.prefill_ms = histogram_from(j, "prefill_ms");
  d.decode_ms = histogram_from(j, "decode_ms");
  d.inference_ms = histogram_from(j, "inference_ms");
  d.ttft_ms = histogram_from(j, "ttft_ms");
  d.itl_ms = histogram_from(j, "itl_ms");
  d.e2el_ms = histogram_from(j, "e2el_ms");
  d.kv_cache_usage_peak = read_number(j, "kv_cache_usage_peak");
  d.kv_cache_usage_mean = read_number(j, "kv_cache_usage_mean");
  d.num_requests_running_peak = read_number(j, "num_requests_running_peak");
  d.num_requests_waiting_peak = read_number(j, "num_requests_waiting_peak");
  d.gauge_samples = j.value("gauge_samples", std::size_t{0});
  d.num_preemptions = read_count(j, "num_preemptions");
  d.prefix_cache_hit_rate = read_number(j, "prefix_cache_hit_rate");
  d.prefix_cache_queries = read_count(j, "prefix_cache_queries");
  d.prefix_cache_hits = read_count(j, "prefix_cache_hits");
  d.prompt_tokens = read_count(j, "prompt_tokens");
  d.generation_tokens = read_count(j, "generation_tokens");
  if (auto it = j.find("requests_finished"); it != j.end() && it->is_object()) {
    d.requests_finished = it->get<std::map<std::string, std::int64_t>>();
  }
  d.reset_detected = j.value("reset_detected", false);
}

}  // namespace sonde
