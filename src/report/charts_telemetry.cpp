// The GPU-memory, KV-cache and GPU-power charts of report.html, from telemetry.jsonl.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "report/charts.hpp"

namespace sonde::report {
namespace {

constexpr std::size_t kMaxPoints = 300;  // per line; keeps report.html small for long runs

// Thins a time-ordered line to about kMaxPoints: each bucket keeps its lowest and highest
// point, in time order, so that a short peak is never averaged away.
std::vector<chart::Point> thin(std::vector<chart::Point> points) {
  std::stable_sort(points.begin(), points.end(),
                   [](const chart::Point& a, const chart::Point& b) { return a.x < b.x; });
  if (points.size() <= kMaxPoints) return points;
  const std::size_t buckets = kMaxPoints / 2;
  std::vector<chart::Point> out;
  for (std::size_t b = 0; b < buckets; ++b) {
    const std::size_t from = b * points.size() / buckets, to = (b + 1) * points.size() / buckets;
    if (from >= to) continue;
    auto [lo, hi] = std::minmax_element(points.begin() + long(from), points.begin() + long(to),
                                        [](const auto& a, const auto& b2) { return a.y < b2.y; });
    if (lo->x > hi->x) std::swap(lo, hi);
    out.push_back(*lo);
    if (hi != lo) out.push_back(*hi);
  }
  return out;
}

}  // namespace

std::vector<Figure> telemetry_figures(const TelemetrySeries& series, const Messages& m) {
  std::map<int, std::vector<chart::Point>> per_gpu;
  for (const GpuSeriesPoint& p : series.gpu) {
    if (!p.used_bytes) continue;
    per_gpu[p.gpu].push_back({p.t_ms / 1000.0, double(*p.used_bytes) / double(1ull << 30)});
  }
  std::vector<chart::LineSeries> gpu_lines;
  for (auto& [index, points] : per_gpu) {
    gpu_lines.push_back({m.series_gpu.format(arg<"index">(index)), thin(std::move(points))});
  }
  std::vector<chart::Point> kv;
  for (const GaugeSeriesPoint& p : series.gauges) {
    if (std::isfinite(p.kv_cache_usage)) kv.push_back({p.t_ms / 1000.0, p.kv_cache_usage});
  }
  std::vector<chart::LineSeries> kv_lines;
  if (!kv.empty()) kv_lines.push_back({m.series_kv, thin(std::move(kv))});
  std::vector<Figure> out = memory_figures(gpu_lines, kv_lines, m);
  std::map<int, std::vector<chart::Point>> power;
  for (const GpuSeriesPoint& p : series.gpu) {
    if (p.power_w) power[p.gpu].push_back({p.t_ms / 1000.0, *p.power_w});
  }
  std::vector<chart::LineSeries> power_lines;
  for (auto& [index, points] : power) {
    power_lines.push_back({m.series_gpu.format(arg<"index">(index)), thin(std::move(points))});
  }
  for (Figure& f : power_figures(power_lines, m)) out.push_back(std::move(f));
  return out;
}

}  // namespace sonde::report
