#include "metrics/histogram.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace sonde {
namespace {

const double kInf = std::numeric_limits<double>::infinity();

struct QuantileCase {
  const char* what;                      // test label
  std::vector<HistogramBucket> buckets;  // cumulative
  double q;                              // quantile in [0, 1]
  double expected;                       // NaN: expect NaN
};

class Quantile : public ::testing::TestWithParam<QuantileCase> {};

TEST_P(Quantile, MatchesPrometheusHistogramQuantile) {
  const auto& c = GetParam();
  double got = histogram_quantile(c.q, c.buckets);
  if (std::isnan(c.expected))
    EXPECT_TRUE(std::isnan(got)) << c.what << " got " << got;
  else
    EXPECT_DOUBLE_EQ(got, c.expected) << c.what;
}

const double kNaN = std::numeric_limits<double>::quiet_NaN();
// 10 observations: 2 in (0, 1], 6 in (1, 2], 2 in (2, 4].
const std::vector<HistogramBucket> kSmall{{1, 2}, {2, 8}, {4, 10}, {kInf, 10}};

INSTANTIATE_TEST_SUITE_P(
    Table, Quantile,
    ::testing::Values(
        // rank 5 → bucket (1, 2] holding ranks 2..8: 1 + 1 × (5 − 2) / 6 = 1.5
        QuantileCase{"median", kSmall, 0.5, 1.5},
        // rank 9 → bucket (2, 4]: 2 + 2 × (9 − 8) / 2 = 3
        QuantileCase{"p90", kSmall, 0.9, 3.0},
        // rank 9.9 → 2 + 2 × 1.9 / 2 = 3.9
        QuantileCase{"p99", kSmall, 0.99, 3.9},
        // rank 1 → lowest bucket, which starts at 0: 0 + 1 × 1 / 2 = 0.5
        QuantileCase{"lowest bucket from zero", kSmall, 0.1, 0.5},
        QuantileCase{"q = 0", kSmall, 0.0, 0.0},
        QuantileCase{"q = 1 ends at top finite bucket", kSmall, 1.0, 4.0},
        // 4 of 10 in +Inf: p90 rank 9 falls there → highest finite bound
        QuantileCase{"rank in +Inf bucket", {{1, 2}, {2, 6}, {kInf, 10}}, 0.9, 2.0},
        QuantileCase{"all in +Inf bucket", {{1, 0}, {2, 0}, {kInf, 5}}, 0.5, 2.0},
        QuantileCase{"empty", {{1, 0}, {2, 0}, {kInf, 0}}, 0.5, kNaN},
        QuantileCase{"no buckets", {}, 0.5, kNaN}, QuantileCase{"only +Inf", {{kInf, 3}}, 0.5, kNaN},
        QuantileCase{"no +Inf bucket", {{1, 2}, {2, 4}}, 0.5, kNaN},
        QuantileCase{"q out of range", kSmall, 1.5, kNaN}, QuantileCase{"q NaN", kSmall, kNaN, kNaN},
        // Non-monotonic (2 then 1): made monotonic first → {1:2, 2:2, 4:4, Inf:4}; rank 2
        // lands in the first bucket: 0 + 1 × 2 / 2 = 1
        QuantileCase{"non-monotonic fixed", {{1, 2}, {2, 1}, {4, 4}, {kInf, 4}}, 0.5, 1.0},
        QuantileCase{"unsorted input sorted", {{4, 10}, {kInf, 10}, {1, 2}, {2, 8}}, 0.5, 1.5},
        // A bucket whose bound is <= 0 returns that bound when the rank lies in it.
        QuantileCase{"negative lowest bound", {{-1, 5}, {1, 10}, {kInf, 10}}, 0.2, -1.0}));

TEST(CumulativeHistogram, AddMergesBoundsAndSums) {
  CumulativeHistogram a, b;
  a.buckets = {{1, 1}, {kInf, 2}};
  a.sum = 1.5;
  a.count = 2;
  b.buckets = {{0.5, 1}, {1, 3}, {kInf, 3}};
  b.sum = 2;
  b.count = 3;
  a.add(b);
  ASSERT_EQ(a.buckets.size(), 3u);
  EXPECT_EQ(a.buckets[0].upper_bound, 0.5);
  EXPECT_EQ(a.buckets[0].cumulative, 1);
  EXPECT_EQ(a.buckets[1].cumulative, 4);
  EXPECT_EQ(a.buckets[2].cumulative, 5);
  EXPECT_EQ(a.sum, 3.5);
  EXPECT_EQ(a.count, 5);
}

TEST(CumulativeHistogram, DeltaAndBackwardsDetection) {
  CumulativeHistogram before, after;
  before.add_bucket(1, 2);
  before.add_bucket(kInf, 3);
  before.sum = 2;
  before.count = 3;
  after.add_bucket(kInf, 7);  // out of order on purpose
  after.add_bucket(1, 5);
  after.add_bucket(1, 1);  // same bound again: summed
  after.sum = 6;
  after.count = 7;
  EXPECT_FALSE(before.went_backwards_to(after));
  CumulativeHistogram d = before.delta_to(after);
  ASSERT_EQ(d.buckets.size(), 2u);
  EXPECT_EQ(d.buckets[0].cumulative, 4);
  EXPECT_EQ(d.buckets[1].cumulative, 4);
  EXPECT_EQ(d.sum, 4);
  EXPECT_EQ(d.count, 4);
  EXPECT_TRUE(after.went_backwards_to(before));
  CumulativeHistogram bucket_only = after;
  bucket_only.buckets[0].cumulative = 1;  // one bucket fell while count rose
  bucket_only.count = 8;
  bucket_only.sum = 7;
  EXPECT_TRUE(before.went_backwards_to(bucket_only));
}

}  // namespace
}  // namespace sonde
