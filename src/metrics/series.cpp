#include "metrics/series.hpp"

#include <cmath>

namespace sonde::metrics_detail {
namespace {

// A label set as a map key, `le` left out so a histogram's buckets share their series' key.
// Length-prefixed, so no label value can forge a separator.
std::string series_key(const MetricLabels& labels) {
  std::string key;
  for (const auto& [k, v] : labels) {
    if (k == "le") continue;
    key += std::to_string(k.size()) + ':' + k + std::to_string(v.size()) + ':' + v;
  }
  return key;
}

using SeriesValues = std::map<std::string, const MetricSample*>;

SeriesValues collect(const MetricsPage& page, std::string_view name, const SeriesFilter& f) {
  SeriesValues out;
  for (std::size_t i : page.indices(name)) {
    const MetricSample& s = page.samples[i];
    if (f.accepts(s.labels)) out.emplace(series_key(s.labels), &s);  // first one wins
  }
  return out;
}

// Per series: buckets (by bound, so page order does not matter), _sum and _count.
std::map<std::string, CumulativeHistogram> collect_histogram(const MetricsPage& page,
                                                             std::string_view base,
                                                             const SeriesFilter& f) {
  std::map<std::string, std::map<double, double>> bounds;
  std::map<std::string, CumulativeHistogram> out;
  const std::string b(base);
  for (std::size_t i : page.indices(b + "_bucket")) {
    const MetricSample& s = page.samples[i];
    auto le = label_value(s.labels, "le");
    if (!le || !f.accepts(s.labels)) continue;
    auto bound = parse_metric_value(*le);
    if (!bound || std::isnan(*bound)) continue;
    bounds[series_key(s.labels)].emplace(*bound, s.value);
  }
  for (auto& [key, m] : bounds) {
    auto& h = out[key];
    for (auto [bound, value] : m) h.buckets.push_back({bound, value});
  }
  for (auto& [key, s] : collect(page, b + "_sum", f)) out[key].sum = s->value;
  for (auto& [key, s] : collect(page, b + "_count", f)) out[key].count = s->value;
  return out;
}

}  // namespace

bool SeriesFilter::accepts(const MetricLabels& labels) const {
  if (!model_name) return true;
  auto v = label_value(labels, "model_name");
  return v && *v == *model_name;
}

CounterDelta counter_delta(const MetricsPage& before, const MetricsPage& after, std::string_view name,
                           const SeriesFilter& filter, std::string_view group_label) {
  CounterDelta d;
  SeriesValues prev = collect(before, name, filter);
  SeriesValues now = collect(after, name, filter);
  d.present = !now.empty();
  for (const auto& [key, s] : now) {
    double delta = s->value;
    auto it = prev.find(key);
    if (it != prev.end()) {
      if (s->value < it->second->value)
        d.reset = true;  // restarted: the after-value alone
      else
        delta = s->value - it->second->value;
    }
    d.total += delta;
    if (!group_label.empty()) {
      auto g = label_value(s->labels, group_label);
      d.by_group[std::string(g.value_or(""))] += delta;
    }
  }
  for (const auto& [key, s] : prev) {
    if (!now.contains(key)) d.reset = true;  // a counter series only vanishes on restart
  }
  return d;
}

HistogramDeltaResult histogram_delta(const MetricsPage& before, const MetricsPage& after,
                                     std::string_view base, const SeriesFilter& filter) {
  HistogramDeltaResult r;
  auto prev = collect_histogram(before, base, filter);
  auto now = collect_histogram(after, base, filter);
  r.present = !now.empty();
  for (const auto& [key, h] : now) {
    auto it = prev.find(key);
    if (it == prev.end()) {
      r.delta.add(h);
    } else if (it->second.went_backwards_to(h)) {
      r.reset = true;
      r.delta.add(h);
    } else {
      r.delta.add(it->second.delta_to(h));
    }
  }
  for (const auto& [key, h] : prev) {
    if (!now.contains(key)) r.reset = true;
  }
  return r;
}

std::optional<std::int64_t> to_count(double v) {
  // 2^63 is exactly representable; anything at or beyond it does not fit.
  if (!std::isfinite(v) || v >= 9223372036854775808.0 || v < -9223372036854775808.0) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(std::llround(v));
}

}  // namespace sonde::metrics_detail
