#pragma once
// Least-squares line through (x, y) points: used to state facts such as "TTFT grows by N ms per
// 1k input tokens" from a handful of scenarios. Pure.
#include <cstddef>
#include <optional>
#include <vector>

namespace sonde {

struct LinearFit {
  double slope = 0;        // dy/dx
  double intercept = 0;    // y at x = 0
  double r2 = 0;           // coefficient of determination in [0, 1] (1 when y is constant)
  std::size_t points = 0;  // points used
};

// Ordinary least squares. nullopt when xs and ys differ in size, fewer than 2 points, or all x
// equal (no slope is defined).
std::optional<LinearFit> least_squares(const std::vector<double>& xs, const std::vector<double>& ys);

}  // namespace sonde
