#include "metrics/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sonde {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Merges two bound-sorted bucket lists, combining equal bounds with `op(a, b)` where a missing
// side reads as 0. Linear, so a page with thousands of bounds stays cheap.
template <typename Op>
std::vector<HistogramBucket> merge(const std::vector<HistogramBucket>& a,
                                   const std::vector<HistogramBucket>& b, Op op) {
  std::vector<HistogramBucket> out;
  out.reserve(std::max(a.size(), b.size()));
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].upper_bound < b[j].upper_bound)) {
      out.push_back({a[i].upper_bound, op(a[i].cumulative, 0.0)});
      ++i;
    } else if (i == a.size() || b[j].upper_bound < a[i].upper_bound) {
      out.push_back({b[j].upper_bound, op(0.0, b[j].cumulative)});
      ++j;
    } else {
      out.push_back({a[i].upper_bound, op(a[i].cumulative, b[j].cumulative)});
      ++i;
      ++j;
    }
  }
  return out;
}

}  // namespace

void CumulativeHistogram::add_bucket(double upper_bound, double cumulative) {
  if (std::isnan(upper_bound)) return;  // a NaN bound has no place in the order
  auto it = std::lower_bound(buckets.begin(), buckets.end(), upper_bound,
                             [](const HistogramBucket& b, double v) { return b.upper_bound < v; });
  if (it != buckets.end() && it->upper_bound == upper_bound) {
    it->cumulative += cumulative;
  } else {
    buckets.insert(it, {upper_bound, cumulative});
  }
}

void CumulativeHistogram::add(const CumulativeHistogram& other) {
  buckets = merge(buckets, other.buckets, [](double a, double b) { return a + b; });
  sum += other.sum;
  count += other.count;
}

bool CumulativeHistogram::went_backwards_to(const CumulativeHistogram& later) const {
  if (later.count < count) return true;
  // _sum can legitimately fall only if observations were negative; vLLM's never are, so a
  // falling _sum is also a restart.
  if (later.sum < sum) return true;
  auto d = delta_to(later);
  return std::any_of(d.buckets.begin(), d.buckets.end(),
                     [](const HistogramBucket& b) { return b.cumulative < 0; });
}

CumulativeHistogram CumulativeHistogram::delta_to(const CumulativeHistogram& later) const {
  CumulativeHistogram d;
  d.buckets = merge(buckets, later.buckets, [](double a, double b) { return b - a; });
  d.sum = later.sum - sum;
  d.count = later.count - count;
  return d;
}

double histogram_quantile(double q, std::vector<HistogramBucket> buckets) {
  if (!(q >= 0 && q <= 1)) return kNaN;
  std::erase_if(buckets, [](const HistogramBucket& b) { return std::isnan(b.upper_bound); });
  std::stable_sort(buckets.begin(), buckets.end(),
                   [](const auto& a, const auto& b) { return a.upper_bound < b.upper_bound; });
  if (buckets.size() < 2 || !std::isinf(buckets.back().upper_bound) ||
      buckets.back().upper_bound < 0) {
    return kNaN;
  }
  double running_max = 0;
  for (auto& b : buckets) {  // make monotonic, as Prometheus' ensureMonotonic
    if (!(b.cumulative >= running_max)) b.cumulative = running_max;
    running_max = b.cumulative;
  }
  const double total = buckets.back().cumulative;
  if (!(total > 0) || std::isinf(total)) return kNaN;
  const double rank = q * total;
  std::size_t b = 0;
  while (b < buckets.size() && buckets[b].cumulative < rank) ++b;
  if (b >= buckets.size() - 1) return buckets[buckets.size() - 2].upper_bound;
  if (b == 0 && buckets[0].upper_bound <= 0) return buckets[0].upper_bound;
  double start = 0, end = buckets[b].upper_bound;
  double in_bucket = buckets[b].cumulative, rank_in = rank;
  if (b > 0) {
    start = buckets[b - 1].upper_bound;
    in_bucket -= buckets[b - 1].cumulative;
    rank_in -= buckets[b - 1].cumulative;
  }
  if (!(in_bucket > 0)) return end;
  return start + (end - start) * (rank_in / in_bucket);
}

}  // namespace sonde
