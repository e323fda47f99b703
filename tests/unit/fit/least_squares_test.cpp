// The fitting maths of `sonde fit`: exact linear solves, least squares recovering known
// coefficients, unidentifiable columns refused, and Levenberg-Marquardt recovering the
// parameters of a nonlinear model with a kink (a max(), as the roofline has).
#include "fit/least_squares.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace sonde::fit {
namespace {

TEST(FitSolve, SolvesASquareSystemWithPivoting) {
  Matrix a(3, 3);
  // The first pivot is 0: only row exchange makes it solvable.
  a.values = {0, 2, 1, 1, 1, 1, 2, 1, 3};
  const auto x = solve(a, {5, 4, 7});
  ASSERT_TRUE(x);
  EXPECT_NEAR((*x)[0], 1.0, 1e-12);
  EXPECT_NEAR((*x)[1], 2.0, 1e-12);
  EXPECT_NEAR((*x)[2], 1.0, 1e-12);
}

TEST(FitSolve, RefusesASingularSystem) {
  Matrix a(2, 2);
  a.values = {1, 2, 2, 4};
  EXPECT_FALSE(solve(a, {1, 2}));
}

TEST(FitLinear, RecoversCoefficientsOfWidelyDifferentScales) {
  // y = 3e-9 * bytes + 0.0008 (seconds per byte beside seconds per step).
  Matrix a(4, 2);
  std::vector<double> b;
  const double bytes[] = {1.6e10, 1.7e10, 2.1e10, 2.6e10};
  for (std::size_t r = 0; r < 4; ++r) {
    a.at(r, 0) = bytes[r];
    a.at(r, 1) = 1;
    b.push_back(3e-13 * bytes[r] + 0.0008);
  }
  const auto x = linear_least_squares(a, b);
  ASSERT_TRUE(x);
  EXPECT_NEAR((*x)[0] / 3e-13, 1.0, 1e-9);
  EXPECT_NEAR((*x)[1] / 0.0008, 1.0, 1e-9);
}

TEST(FitLinear, MinimisesTheSquaredErrorOfAnOverdeterminedLine) {
  // Points (0,0), (1,1), (2,1): the least-squares line is y = 0.5 x + 1/6.
  Matrix a(3, 2);
  a.values = {0, 1, 1, 1, 2, 1};
  const auto x = linear_least_squares(a, {0, 1, 1});
  ASSERT_TRUE(x);
  EXPECT_NEAR((*x)[0], 0.5, 1e-12);
  EXPECT_NEAR((*x)[1], 1.0 / 6, 1e-12);
}

TEST(FitLinear, RefusesAParameterTheDataCannotIdentify) {
  // Two columns that are the same measurement: a step overhead and an all-reduce latency seen
  // only at one tensor-parallel size.
  Matrix a(3, 2);
  a.values = {1, 2, 1, 2, 1, 2};
  EXPECT_FALSE(linear_least_squares(a, {1, 1, 1}));
  Matrix tall(1, 2);  // fewer equations than unknowns
  EXPECT_FALSE(linear_least_squares(tall, {1}));
}

// A roofline-like model: t(n) = max(n / f, w / b) + s, observed at several n.
std::vector<double> roofline_residuals(const std::vector<double>& x, const std::vector<double>& n,
                                       const std::vector<double>& measured) {
  std::vector<double> r;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const double model = std::max(n[i] / x[0], 10.0 / x[1]) + x[2];
    r.push_back(model / measured[i] - 1);
  }
  return r;
}

TEST(FitLevenbergMarquardt, RecoversHiddenParametersOfAKinkedModel) {
  const std::vector<double> hidden = {400, 1.3, 0.7};
  const std::vector<double> n = {50, 500, 1000, 3000, 6000, 10000};
  std::vector<double> measured;
  for (const double v : n)
    measured.push_back(std::max(v / hidden[0], 10.0 / hidden[1]) + hidden[2]);
  const auto fit = levenberg_marquardt(
      [&](const std::vector<double>& x) { return roofline_residuals(x, n, measured); },
      {300, 1.0, 1.0});
  ASSERT_EQ(fit.x.size(), 3u);
  EXPECT_NEAR(fit.x[0] / hidden[0], 1, 1e-4);
  EXPECT_NEAR(fit.x[1] / hidden[1], 1, 1e-4);
  EXPECT_NEAR(fit.x[2] / hidden[2], 1, 1e-3);
  EXPECT_LT(fit.cost, 1e-10);
  EXPECT_TRUE(fit.converged);
}

TEST(FitLevenbergMarquardt, KeepsParametersWithinTheirBounds) {
  // The unconstrained minimum is x = -2; the lower bound holds it at 0.
  LmOptions o;
  o.lower = {0};
  const auto fit = levenberg_marquardt(
      [](const std::vector<double>& x) { return std::vector<double>{x[0] + 2}; }, {1}, o);
  EXPECT_GE(fit.x[0], 0);
  EXPECT_NEAR(fit.x[0], 0, 1e-9);
  // An efficiency above 1 (the datasheet peak) is out of bounds even where it fits better.
  LmOptions capped;
  capped.upper = {1};
  const auto high = levenberg_marquardt(
      [](const std::vector<double>& x) { return std::vector<double>{x[0] - 1.5}; }, {0.5}, capped);
  EXPECT_NEAR(high.x[0], 1, 1e-9);
}

TEST(FitLevenbergMarquardt, StartsAtTheMinimumAndStays) {
  const auto fit = levenberg_marquardt(
      [](const std::vector<double>& x) {
        return std::vector<double>{x[0] - 3, 2 * (x[0] - 3)};
      },
      {3});
  EXPECT_NEAR(fit.x[0], 3, 1e-12);
  EXPECT_EQ(fit.cost, 0);
}

}  // namespace
}  // namespace sonde::fit
