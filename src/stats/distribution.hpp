#pragma once
// Summary statistics of one sample set. Pure functions; empty input and n = 1 are defined.
#include <cstddef>
#include <limits>
#include <vector>

namespace sonde {

struct Distribution {
  std::size_t count = 0;  // number of samples
  // The fields below are NaN when count == 0 (serialised as null); std is NaN when count < 2.
  double mean = std::numeric_limits<double>::quiet_NaN();
  double std = std::numeric_limits<double>::quiet_NaN();  // sample standard deviation (n - 1)
  double min = std::numeric_limits<double>::quiet_NaN();
  double p50 = std::numeric_limits<double>::quiet_NaN();
  double p90 = std::numeric_limits<double>::quiet_NaN();
  double p95 = std::numeric_limits<double>::quiet_NaN();
  double p99 = std::numeric_limits<double>::quiet_NaN();
  double max = std::numeric_limits<double>::quiet_NaN();
};

// Percentile q in [0, 100] of an ascending-sorted sample, linear interpolation between closest
// ranks (numpy's default "linear" method). NaN for an empty sample.
double percentile_sorted(const std::vector<double>& sorted, double q);

// Summary of an unsorted sample (copied and sorted internally).
Distribution summarize(std::vector<double> samples);

}  // namespace sonde
