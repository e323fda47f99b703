#include "metrics/vllm_metrics.hpp"

#include <cmath>
#include <initializer_list>
#include <string_view>

#include "metrics/series.hpp"

namespace sonde {
namespace {

using metrics_detail::SeriesFilter;
using metrics_detail::to_count;

// The first name the after-page (or, failing that, the before-page) carries; the first name
// when neither does. Lets one code path read both V1 names and their older predecessors.
std::string_view pick_name(const MetricsPage& before, const MetricsPage& after,
                           std::initializer_list<std::string_view> names,
                           std::string_view suffix = {}) {
  for (const MetricsPage* page : {&after, &before}) {
    for (std::string_view n : names) {
      if (page->has(std::string(n) + std::string(suffix))) return n;
    }
  }
  return *names.begin();
}

// Reads one counter's delta into `out`; nullopt when absent. Returns the delta as a double.
double read_counter(const MetricsPage& before, const MetricsPage& after,
                    std::initializer_list<std::string_view> names, const SeriesFilter& f,
                    std::optional<std::int64_t>& out, bool& reset) {
  auto d = metrics_detail::counter_delta(before, after, pick_name(before, after, names), f);
  reset = reset || d.reset;
  out = d.present ? to_count(d.total) : std::nullopt;
  return d.present ? d.total : std::numeric_limits<double>::quiet_NaN();
}

ServerHistogramDelta read_histogram(const MetricsPage& before, const MetricsPage& after,
                                    std::initializer_list<std::string_view> names,
                                    const SeriesFilter& f, bool& reset) {
  auto r =
      metrics_detail::histogram_delta(before, after, pick_name(before, after, names, "_count"), f);
  reset = reset || r.reset;
  ServerHistogramDelta out;
  const auto& h = r.delta;
  // _count should equal the +Inf bucket; prefer _count, fall back to the bucket if it is absent.
  double count = h.count;
  if (count == 0 && !h.buckets.empty() && std::isinf(h.buckets.back().upper_bound)) {
    count = h.buckets.back().cumulative;
  }
  auto n = to_count(count);
  if (!n || *n <= 0) return out;
  out.count = *n;
  constexpr double kMs = 1000.0;  // vLLM's histograms are in seconds
  out.mean = h.sum / count * kMs;
  out.p50 = histogram_quantile(0.50, h.buckets) * kMs;
  out.p90 = histogram_quantile(0.90, h.buckets) * kMs;
  out.p99 = histogram_quantile(0.99, h.buckets) * kMs;
  return out;
}

void read_histograms(const MetricsPage& before, const MetricsPage& after, const SeriesFilter& f,
                     ServerMetricsDelta& d) {
  bool& reset = d.reset_detected;
  d.queue_ms = read_histogram(before, after, {"vllm:request_queue_time_seconds"}, f, reset);
  d.prefill_ms = read_histogram(before, after, {"vllm:request_prefill_time_seconds"}, f, reset);
  d.decode_ms = read_histogram(before, after, {"vllm:request_decode_time_seconds"}, f, reset);
  d.inference_ms = read_histogram(before, after, {"vllm:request_inference_time_seconds"}, f, reset);
  d.ttft_ms = read_histogram(before, after, {"vllm:time_to_first_token_seconds"}, f, reset);
  d.itl_ms = read_histogram(
      before, after, {"vllm:inter_token_latency_seconds", "vllm:time_per_output_token_seconds"}, f,
      reset);
  d.e2el_ms = read_histogram(before, after, {"vllm:e2e_request_latency_seconds"}, f, reset);
}

}  // namespace

ServerMetricsDelta diff_server_metrics(const MetricsPage& before, const MetricsPage& after,
                                       const std::optional<std::string>& model_name) {
  ServerMetricsDelta d;
  const SeriesFilter f{model_name};
  bool& reset = d.reset_detected;
  read_counter(before, after, {"vllm:prompt_tokens_total"}, f, d.prompt_tokens, reset);
  read_counter(before, after, {"vllm:generation_tokens_total"}, f, d.generation_tokens, reset);
  read_counter(before, after, {"vllm:num_preemptions_total"}, f, d.num_preemptions, reset);
  double queries = read_counter(
      before, after, {"vllm:prefix_cache_queries_total", "vllm:gpu_prefix_cache_queries_total"}, f,
      d.prefix_cache_queries, reset);
  double hits = read_counter(before, after,
                             {"vllm:prefix_cache_hits_total", "vllm:gpu_prefix_cache_hits_total"},
                             f, d.prefix_cache_hits, reset);
  if (queries > 0 && std::isfinite(queries) && std::isfinite(hits)) {
    d.prefix_cache_hit_rate = hits / queries;
  }

  auto finished = metrics_detail::counter_delta(before, after, "vllm:request_success_total", f,
                                                "finished_reason");
  reset = reset || finished.reset;
  for (const auto& [reason, n] : finished.by_group) {
    if (auto c = to_count(n)) d.requests_finished[reason] = *c;
  }
  read_histograms(before, after, f, d);
  return d;
}

}  // namespace sonde
