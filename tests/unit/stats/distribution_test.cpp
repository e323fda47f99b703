// Table-driven checks of percentiles and summaries. Expected values were computed by hand with
// numpy's linear formula: h = (n - 1) * q / 100, x[floor(h)] + frac(h) * (x[floor(h)+1] - x[floor(h)]).
#include "stats/distribution.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace sonde {
namespace {

constexpr double kTol = 1e-12;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

void expect_same(double expected, double actual, const std::string& what) {
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(actual)) << what << " should be NaN, is " << actual;
  } else {
    EXPECT_NEAR(expected, actual, kTol) << what;
  }
}

struct SummaryCase {
  std::string name;
  std::vector<double> samples;  // deliberately unsorted where n > 2
  std::size_t count;
  double mean, std, min, p50, p90, p95, p99, max;
};

class SummarizeTable : public ::testing::TestWithParam<SummaryCase> {};

TEST_P(SummarizeTable, MatchesHandComputedNumpyValues) {
  const SummaryCase& c = GetParam();
  const Distribution d = summarize(c.samples);
  EXPECT_EQ(c.count, d.count);
  expect_same(c.mean, d.mean, "mean");
  expect_same(c.std, d.std, "std");
  expect_same(c.min, d.min, "min");
  expect_same(c.p50, d.p50, "p50");
  expect_same(c.p90, d.p90, "p90");
  expect_same(c.p95, d.p95, "p95");
  expect_same(c.p99, d.p99, "p99");
  expect_same(c.max, d.max, "max");
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SummarizeTable,
    ::testing::Values(
        SummaryCase{"empty", {}, 0, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN},
        SummaryCase{"one", {5}, 1, 5, kNaN, 5, 5, 5, 5, 5, 5},
        // n=2: std = sqrt(((1-2)^2 + (3-2)^2) / 1) = sqrt(2); p90: h=0.9 -> 1 + 0.9*2.
        SummaryCase{"two", {3, 1}, 2, 2, std::sqrt(2.0), 1, 2, 2.8, 2.9, 2.98, 3},
        // n=4: p50 h=1.5 -> 2.5; p90 h=2.7 -> 3.7; p95 h=2.85; p99 h=2.97; var = 5/3.
        SummaryCase{"four", {4, 1, 3, 2}, 4, 2.5, std::sqrt(5.0 / 3.0), 1, 2.5, 3.7, 3.85, 3.97, 4},
        // n=5: p90 h=3.6 -> 40 + 0.6*10 = 46; p95 h=3.8 -> 48; p99 h=3.96 -> 49.6; var = 1000/4.
        SummaryCase{"five", {30, 10, 50, 20, 40}, 5, 30, std::sqrt(250.0), 10, 30, 46, 48, 49.6, 50},
        // Ties: sorted {1,2,2,2,9}; p90 h=3.6 -> 2 + 0.6*7 = 6.2; p95 -> 7.6; p99 -> 8.72;
        // squared deviations 4.84 + 3*1.44 + 33.64 = 42.8, var = 10.7.
        SummaryCase{"ties", {2, 9, 2, 1, 2}, 5, 3.2, std::sqrt(10.7), 1, 2, 6.2, 7.6, 8.72, 9},
        SummaryCase{"all_equal", {7, 7, 7}, 3, 7, 0, 7, 7, 7, 7, 7, 7},
        // Negative values are legal (e.g. clock skew in a fake); nothing assumes positivity.
        SummaryCase{"negative", {-1, -3}, 2, -2, std::sqrt(2.0), -3, -2, -1.2, -1.1, -1.02, -1}),
    [](const auto& info) { return info.param.name; });

TEST(PercentileSorted, EmptyIsNaN) { EXPECT_TRUE(std::isnan(percentile_sorted({}, 50))); }

TEST(PercentileSorted, EndpointsAndQuartiles) {
  const std::vector<double> x{1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(1, percentile_sorted(x, 0));
  EXPECT_DOUBLE_EQ(4, percentile_sorted(x, 100));
  EXPECT_NEAR(1.75, percentile_sorted(x, 25), kTol);  // h = 0.75
  EXPECT_NEAR(3.25, percentile_sorted(x, 75), kTol);  // h = 2.25
}

TEST(PercentileSorted, OutOfRangeQuantileIsClamped) {
  const std::vector<double> x{1, 2};
  EXPECT_DOUBLE_EQ(1, percentile_sorted(x, -5));
  EXPECT_DOUBLE_EQ(2, percentile_sorted(x, 150));
}

TEST(PercentileSorted, SingleSampleIsThatSample) {
  EXPECT_DOUBLE_EQ(42, percentile_sorted({42}, 99));
}

}  // namespace
}  // namespace sonde
