#include "analysis/traffic_shape.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/distribution.hpp"

namespace sonde::analysis {
namespace {

// The smallest 1, 2 or 5 × 10^k at least `x` (x > 0).
double round_step(double x) {
  const double p = std::pow(10.0, std::floor(std::log10(x)));
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= x * (1 - 1e-12)) return m * p;
  }
  return 10 * p;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return percentile_sorted(v, 50);
}

}  // namespace

LengthBins length_bins(const std::vector<int64_t>& target, const std::vector<int64_t>& measured,
                       int max_bins) {
  LengthBins b;
  int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
  for (const auto* v : {&target, &measured}) {
    for (const int64_t x : *v) lo = std::min(lo, x), hi = std::max(hi, x);
  }
  if (lo > hi) return b;
  max_bins = std::max(1, max_bins);
  // Integer widths: a width w covers [start, start + n w) with n <= max_bins.
  auto width = static_cast<int64_t>(round_step(std::max(1.0, double(hi - lo + 1) / max_bins)));
  int64_t start = 0, n = 0;
  for (;; width = static_cast<int64_t>(round_step(double(width) * 1.5))) {
    start = (lo >= 0 ? lo / width : (lo - width + 1) / width) * width;
    n = (hi - start) / width + 1;
    if (n <= max_bins) break;
  }
  for (int64_t i = 0; i <= n; ++i) b.edges.push_back(start + i * width);
  b.target.assign(static_cast<std::size_t>(n), 0);
  b.measured.assign(static_cast<std::size_t>(n), 0);
  for (const int64_t x : target) ++b.target[static_cast<std::size_t>((x - start) / width)];
  for (const int64_t x : measured) ++b.measured[static_cast<std::size_t>((x - start) / width)];
  return b;
}

ScenarioLengths scenario_lengths(const std::vector<RequestRecord>& records) {
  ScenarioLengths l;
  for (const RequestRecord& r : records) {
    l.input_target.push_back(r.input_tokens_target);
    l.output_target.push_back(r.output_tokens_target);
    if (!r.ok) continue;
    if (r.input_tokens > 0) l.input_sent.push_back(r.input_tokens);
    if (!r.output_tokens_estimated) l.output_counted.push_back(r.output_tokens);
  }
  return l;
}

Timeline timeline(const std::vector<RequestRecord>& records, int max_bins) {
  Timeline t;
  if (records.empty()) return t;
  double first = std::numeric_limits<double>::infinity(), last = -first;
  for (const RequestRecord& r : records) {
    first = std::min(first, r.intended_start_ms);
    last = std::max({last, r.end_ms, r.intended_start_ms});
  }
  const double span_s = std::max(1e-3, (last - first) / 1000.0);
  t.bin_s = round_step(span_s / std::max(1, max_bins));
  const auto n = static_cast<std::size_t>(std::floor(span_s / t.bin_s)) + 1;
  const auto bin_of = [&](double ms) {
    return std::min(n - 1, static_cast<std::size_t>(std::max(0.0, (ms - first) / 1000.0 / t.bin_s)));
  };
  std::vector<std::vector<double>> ttft(n), e2el(n);
  std::vector<int64_t> tokens(n, 0);
  t.bins.resize(n);
  for (std::size_t i = 0; i < n; ++i) t.bins[i].start_s = double(i) * t.bin_s;
  for (const RequestRecord& r : records) {
    ++t.bins[bin_of(r.intended_start_ms)].arrivals;
    if (!r.ok) continue;
    const std::size_t end = bin_of(r.end_ms);
    ++t.bins[end].completions;
    tokens[end] += r.output_tokens;
    const std::size_t sent = bin_of(r.intended_start_ms);
    if (r.ttft_ms) ttft[sent].push_back(*r.ttft_ms);
    if (r.e2el_ms) e2el[sent].push_back(*r.e2el_ms);
  }
  for (std::size_t i = 0; i < n; ++i) {
    t.bins[i].output_tokens_per_s = double(tokens[i]) / t.bin_s;
    t.bins[i].ttft_p50_ms = median(std::move(ttft[i]));
    t.bins[i].e2el_p50_ms = median(std::move(e2el[i]));
  }
  return t;
}

LateStarts late_starts(const std::vector<RequestRecord>& records, int cap, double late_ms) {
  LateStarts out;
  for (const RequestRecord& r : records) {
    if (r.start_ms - r.intended_start_ms <= late_ms) continue;
    ++out.late;
    if (cap <= 0) continue;
    const double t = r.intended_start_ms;
    const auto in_flight = std::count_if(records.begin(), records.end(), [&](const RequestRecord& o) {
      return &o != &r && o.start_ms <= t && t < o.end_ms;
    });
    if (in_flight >= cap) ++out.at_the_cap;
  }
  return out;
}

}  // namespace sonde::analysis
