#include "stats/fit.hpp"

#include <gtest/gtest.h>

namespace sonde {
namespace {

TEST(LeastSquares, ExactLine) {
  const auto fit = least_squares({1000, 3000, 6000, 10000}, {110, 130, 160, 200});
  ASSERT_TRUE(fit);
  EXPECT_NEAR(0.01, fit->slope, 1e-12);
  EXPECT_NEAR(100, fit->intercept, 1e-9);
  EXPECT_NEAR(1, fit->r2, 1e-12);
  EXPECT_EQ(4u, fit->points);
}

TEST(LeastSquares, NoisyPointsByHand) {
  // x = {0, 1, 2}, y = {0, 2, 1}: mx = 1, my = 1, sxx = 2, sxy = 1 -> slope 0.5, intercept 0.5;
  // syy = 2 -> r2 = 1 / (2 * 2) = 0.25.
  const auto fit = least_squares({0, 1, 2}, {0, 2, 1});
  ASSERT_TRUE(fit);
  EXPECT_NEAR(0.5, fit->slope, 1e-12);
  EXPECT_NEAR(0.5, fit->intercept, 1e-12);
  EXPECT_NEAR(0.25, fit->r2, 1e-12);
}

TEST(LeastSquares, UndefinedCases) {
  EXPECT_FALSE(least_squares({}, {}));
  EXPECT_FALSE(least_squares({1}, {1}));
  EXPECT_FALSE(least_squares({2, 2}, {1, 3}));
  EXPECT_FALSE(least_squares({1, 2}, {1}));
}

}  // namespace
}  // namespace sonde
