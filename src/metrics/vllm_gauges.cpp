// Gauges sampled during a scenario, and the cache-config info metric.
#include <algorithm>
#include <cmath>
#include <string_view>

#include "metrics/series.hpp"
#include "metrics/vllm_metrics.hpp"

namespace sonde {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Max, mean and sum over the accepted series of one gauge, NaN values ignored.
struct GaugeStats {
  std::size_t n = 0;  // finite values seen
  double max = kNaN;  // largest value
  double sum = 0;     // sum of values
  double mean() const { return n ? sum / static_cast<double>(n) : kNaN; }
  double total() const { return n ? sum : kNaN; }
};

GaugeStats gauge(const MetricsPage& page, std::string_view name,
                 const metrics_detail::SeriesFilter& f) {
  GaugeStats g;
  for (std::size_t i : page.indices(name)) {
    const MetricSample& s = page.samples[i];
    if (!f.accepts(s.labels) || std::isnan(s.value)) continue;
    ++g.n;
    g.sum += s.value;
    g.max = g.n == 1 ? s.value : std::max(g.max, s.value);
  }
  return g;
}

// Like std::fmax: the larger of the two, ignoring a NaN side.
double max_ignoring_nan(double a, double b) {
  if (std::isnan(a)) return b;
  return std::isnan(b) ? a : std::max(a, b);
}

}  // namespace

VllmGauges read_vllm_gauges(const MetricsPage& page, const std::optional<std::string>& model_name) {
  const metrics_detail::SeriesFilter f{model_name};
  VllmGauges out;
  // gpu_cache_usage_perc was the name until vLLM 0.12; same meaning, fraction 0–1.
  std::string_view kv_name = page.has("vllm:kv_cache_usage_perc") ? "vllm:kv_cache_usage_perc"
                                                                  : "vllm:gpu_cache_usage_perc";
  GaugeStats kv = gauge(page, kv_name, f);
  out.kv_cache_usage_max = kv.max;
  out.kv_cache_usage_mean = kv.mean();
  // Requests add up across engines (data parallel); KV-cache fractions do not.
  out.num_requests_running = gauge(page, "vllm:num_requests_running", f).total();
  out.num_requests_waiting = gauge(page, "vllm:num_requests_waiting", f).total();
  return out;
}

GaugeTracker::GaugeTracker(std::optional<std::string> model_name)
    : model_name_(std::move(model_name)) {}

void GaugeTracker::add(const MetricsPage& page) { add(read_vllm_gauges(page, model_name_)); }

void GaugeTracker::add(const VllmGauges& g) {
  ++snapshots_;
  if (std::isfinite(g.kv_cache_usage_mean)) {
    ++kv_samples_;
    kv_sum_ += g.kv_cache_usage_mean;
  }
  kv_peak_ = max_ignoring_nan(kv_peak_, g.kv_cache_usage_max);
  running_peak_ = max_ignoring_nan(running_peak_, g.num_requests_running);
  waiting_peak_ = max_ignoring_nan(waiting_peak_, g.num_requests_waiting);
}

void GaugeTracker::fill(ServerMetricsDelta& d) const {
  d.gauge_samples = snapshots_;
  d.kv_cache_usage_peak = kv_peak_;
  // Mean over time of the snapshots that had the gauge: samples are taken at a fixed period,
  // so the plain mean of snapshots is the time-weighted mean.
  d.kv_cache_usage_mean = kv_samples_ ? kv_sum_ / static_cast<double>(kv_samples_) : kNaN;
  d.num_requests_running_peak = running_peak_;
  d.num_requests_waiting_peak = waiting_peak_;
}

std::map<std::string, std::string> cache_config_info(const MetricsPage& page) {
  const auto& idx = page.indices("vllm:cache_config_info");
  if (idx.empty()) return {};
  const MetricLabels& labels = page.samples[idx.front()].labels;
  return {labels.begin(), labels.end()};
}

}  // namespace sonde
