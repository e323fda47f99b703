#include "stats/distribution.hpp"

#include <algorithm>
#include <cmath>

namespace sonde {

double percentile_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  // numpy "linear": virtual index h = (n - 1) * q / 100, interpolate between floor(h) and the
  // next rank. Clamping q keeps a caller's 100.0000001 from reading past the end.
  const double clamped = std::clamp(q, 0.0, 100.0);
  const double h = static_cast<double>(sorted.size() - 1) * clamped / 100.0;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  const double frac = h - static_cast<double>(lo);
  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

Distribution summarize(std::vector<double> samples) {
  Distribution d;
  d.count = samples.size();
  if (samples.empty()) return d;
  std::sort(samples.begin(), samples.end());
  const double n = static_cast<double>(samples.size());
  double sum = 0;
  for (double v : samples) sum += v;
  d.mean = sum / n;
  // Two-pass variance: exact enough for latencies without Welford's bookkeeping.
  if (samples.size() >= 2) {
    double sq = 0;
    for (double v : samples) sq += (v - d.mean) * (v - d.mean);
    d.std = std::sqrt(sq / (n - 1));
  }
  d.min = samples.front();
  d.max = samples.back();
  d.p50 = percentile_sorted(samples, 50);
  d.p90 = percentile_sorted(samples, 90);
  d.p95 = percentile_sorted(samples, 95);
  d.p99 = percentile_sorted(samples, 99);
  return d;
}

}  // namespace sonde
