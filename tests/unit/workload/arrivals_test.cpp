#include "workload/arrivals.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "util/error.hpp"

namespace sonde {
namespace {

struct GapStats {
  double mean = 0;  // seconds
  double cv = 0;    // standard deviation / mean
};

GapStats gap_stats(const std::vector<double>& t) {
  const auto n = static_cast<double>(t.size() - 1);
  double sum = 0, sq = 0;
  for (std::size_t i = 1; i < t.size(); ++i) {
    const double g = t[i] - t[i - 1];
    sum += g;
    sq += g * g;
  }
  const double mean = sum / n;
  return {mean, std::sqrt(sq / n - mean * mean) / mean};
}

TEST(PoissonArrivals, DeterministicStartsAtZeroAndNonDecreasing) {
  const auto a = poisson_arrivals(1000, 4.0, 17);
  EXPECT_EQ(a, poisson_arrivals(1000, 4.0, 17));
  EXPECT_NE(a, poisson_arrivals(1000, 4.0, 18));
  ASSERT_EQ(a.size(), 1000u);
  EXPECT_EQ(a[0], 0.0);
  for (std::size_t i = 1; i < a.size(); ++i) EXPECT_GE(a[i], a[i - 1]);
}

TEST(PoissonArrivals, MeanGapIsInverseRate) {
  // 20k exponential gaps: the sample mean's relative standard error is 1/sqrt(20k) = 0.7 %,
  // so a 5 % bound is seven standard errors (and the seed is fixed besides).
  const GapStats s = gap_stats(poisson_arrivals(20001, 5.0, 1234));
  EXPECT_NEAR(s.mean, 0.2, 0.2 * 0.05);
  EXPECT_NEAR(s.cv, 1.0, 0.05);  // exponential gaps have CV 1
}

TEST(GammaArrivals, MeanGapIsInverseRateAndBurstinessSetsSpread) {
  for (double shape : {0.5, 1.0, 4.0}) {
    const auto t = gamma_arrivals(20001, 2.0, shape, 99);
    EXPECT_EQ(t[0], 0.0);
    for (std::size_t i = 1; i < t.size(); ++i) ASSERT_GE(t[i], t[i - 1]);
    const GapStats s = gap_stats(t);
    EXPECT_NEAR(s.mean, 0.5, 0.5 * 0.05) << shape;
    EXPECT_NEAR(s.cv, 1.0 / std::sqrt(shape), 0.1 / std::sqrt(shape)) << shape;
  }
}

TEST(Arrivals, EdgeCasesAndBadInput) {
  EXPECT_TRUE(poisson_arrivals(0, 1.0, 1).empty());
  EXPECT_EQ(poisson_arrivals(1, 1.0, 1), std::vector<double>{0.0});
  EXPECT_THROW(poisson_arrivals(5, 0.0, 1), UsageError);
  EXPECT_THROW(poisson_arrivals(-1, 1.0, 1), UsageError);
  EXPECT_THROW(poisson_arrivals(5, NAN, 1), UsageError);
  EXPECT_THROW(gamma_arrivals(5, 1.0, 0.0, 1), UsageError);
}

}  // namespace
}  // namespace sonde
