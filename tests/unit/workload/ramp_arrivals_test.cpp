// ramp_arrivals: counts in windows follow the integrated ramp; deterministic; checked inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "util/error.hpp"
#include "workload/ramp_arrivals.hpp"

namespace sonde {
namespace {

// Arrivals in [a, b).
int count_in(const std::vector<double>& t, double a, double b) {
  return static_cast<int>(
      std::count_if(t.begin(), t.end(), [&](double x) { return x >= a && x < b; }));
}

// Counts in 2-second windows against the expected count Λ(b) − Λ(a) of the ramp 0 → 100 req/s
// over 20 s, then 100 req/s for 10 s more. A window's count is Poisson, so its standard
// deviation is sqrt(mean); 5 sd (+2 for the arrival pinned at 0 and rounding) fails for a
// correct schedule with probability below 1e-6 per window, so any seed would pass, while a
// schedule at the mean rate (50 req/s throughout) misses the first windows by more than 10 sd.
TEST(RampArrivals, WindowCountsFollowTheRamp) {
  const double from = 0, to = 100, d = 20;
  const int n = static_cast<int>(ramp_integrated_rate(from, to, d, 30));  // 2000: ends near 30 s
  const auto t = ramp_arrivals(n, from, to, d, 42);
  ASSERT_EQ(t.size(), static_cast<std::size_t>(n));
  EXPECT_EQ(t[0], 0);
  EXPECT_TRUE(std::is_sorted(t.begin(), t.end()));
  for (double a = 0; a + 2 <= 28; a += 2) {
    const double mean =
        ramp_integrated_rate(from, to, d, a + 2) - ramp_integrated_rate(from, to, d, a);
    const int seen = count_in(t, a, a + 2);
    EXPECT_LE(std::abs(seen - mean), 5 * std::sqrt(mean) + 2)
        << "window [" << a << ", " << a + 2 << "): " << seen << " vs " << mean;
  }
  // The ramp's shape, not only its total: the first quarter carries 1/16 of the ramp's arrivals
  // (expected 62.5) and the last quarter 7/16 (437.5).
  EXPECT_LT(count_in(t, 0, 5), 110);
  EXPECT_GT(count_in(t, 15, 20), 380);
}

TEST(RampArrivals, DownwardRampAndConstantRateAfterIt) {
  const auto t = ramp_arrivals(3000, 80, 20, 10, 7);  // 500 in the ramp, then 20 req/s
  const double in_ramp = ramp_integrated_rate(80, 20, 10, 10);
  EXPECT_DOUBLE_EQ(in_ramp, 500);
  EXPECT_LE(std::abs(count_in(t, 0, 10) - in_ramp), 5 * std::sqrt(in_ramp) + 2);
  EXPECT_LE(std::abs(count_in(t, 0, 2) - ramp_integrated_rate(80, 20, 10, 2)),
            5 * std::sqrt(148.0) + 2);
  // After the ramp: 20 req/s, so 100 s hold about 2000.
  EXPECT_LE(std::abs(count_in(t, 10, 110) - 2000), 5 * std::sqrt(2000.0) + 2);
}

TEST(RampArrivals, DeterministicForASeedAndEqualRatesArePoisson) {
  EXPECT_EQ(ramp_arrivals(200, 1, 30, 5, 3), ramp_arrivals(200, 1, 30, 5, 3));
  EXPECT_NE(ramp_arrivals(200, 1, 30, 5, 3), ramp_arrivals(200, 1, 30, 5, 4));
  // from = to: a constant rate, the unit-rate process scaled by 1 / rate.
  const auto flat = ramp_arrivals(100, 10, 10, 3, 9);
  const auto scaled = ramp_arrivals(100, 1, 1, 3, 9);
  for (std::size_t i = 0; i < flat.size(); ++i) EXPECT_NEAR(flat[i], scaled[i] / 10, 1e-9);
}

TEST(RampArrivals, RefusesRatesThatNeverEnd) {
  EXPECT_THROW(ramp_arrivals(5, 1, 0, 10, 1), UsageError);
  EXPECT_THROW(ramp_arrivals(5, -1, 2, 10, 1), UsageError);
  EXPECT_THROW(ramp_arrivals(5, 1, 2, 0, 1), UsageError);
  EXPECT_THROW(ramp_arrivals(-1, 1, 2, 1, 1), UsageError);
  EXPECT_TRUE(ramp_arrivals(0, 1, 2, 1, 1).empty());
}

}  // namespace
}  // namespace sonde
