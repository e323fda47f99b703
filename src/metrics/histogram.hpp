#pragma once
// Cumulative Prometheus histograms: merging series, subtracting snapshots, and quantiles
// interpolated inside a bucket exactly as Prometheus' histogram_quantile() does, so our p50/p90/
// p99 of a vLLM histogram match what a Grafana panel over the same server shows.
#include <cstddef>
#include <vector>

namespace sonde {

// One cumulative bucket: observations <= upper_bound.
struct HistogramBucket {
  double upper_bound = 0;  // the `le` label, in the histogram's unit (seconds for vLLM); +Inf last
  double cumulative = 0;   // observations at or below upper_bound
};

// A histogram series (or a sum of series): buckets ascending by bound, plus _sum and _count.
struct CumulativeHistogram {
  std::vector<HistogramBucket> buckets;  // ascending by upper_bound; may lack +Inf when partial
  double sum = 0;                        // `_sum`, in the histogram's unit
  double count = 0;                      // `_count`: number of observations

  // Adds a bucket value to the bound (creating the bound if new); keeps buckets sorted.
  void add_bucket(double upper_bound, double cumulative);
  // Adds another histogram bucket by bucket (sum of label sets).
  void add(const CumulativeHistogram& other);
  // True when any bucket, _sum or _count of `later` is below this one: a counter reset.
  bool went_backwards_to(const CumulativeHistogram& later) const;
  // later − this, bucket by bucket (bounds absent in this count as 0).
  CumulativeHistogram delta_to(const CumulativeHistogram& later) const;
};

// Quantile q in [0, 1] of a cumulative histogram, as Prometheus' histogram_quantile(): linear
// interpolation inside the bucket holding rank q × total (the lowest bucket starts at 0 when
// its bound is positive); a rank in the +Inf bucket returns the highest finite bound. NaN when
// there are no observations, no +Inf bucket, no finite bucket, or q is outside [0, 1].
// Non-monotonic bucket counts (possible when series are scraped mid-update) are first made
// monotonic, as Prometheus does.
double histogram_quantile(double q, std::vector<HistogramBucket> buckets);

}  // namespace sonde
