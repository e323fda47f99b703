#pragma once
// Least squares for `sonde fit`: a linear solve and a Levenberg-Marquardt minimiser of a sum of
// squared residuals with a forward-difference Jacobian. Small and dense (a handful of unknowns,
// tens of residuals); pure.
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

namespace sonde::fit {

// A dense matrix, row-major: rows x cols.
struct Matrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> values;  // rows * cols entries

  Matrix(std::size_t r, std::size_t c) : rows(r), cols(c), values(r * c, 0.0) {}
  double& at(std::size_t r, std::size_t c) { return values[r * cols + c]; }
  double at(std::size_t r, std::size_t c) const { return values[r * cols + c]; }
};

// x with a x = b for a square a (Gaussian elimination, partial pivoting); nullopt when a is
// singular (a pivot below 1e-12 of the largest entry).
std::optional<std::vector<double>> solve(Matrix a, std::vector<double> b);

// x minimising |a x - b|^2 (normal equations); nullopt when the columns of a are not
// independent (a parameter the data cannot identify) or the sizes disagree.
std::optional<std::vector<double>> linear_least_squares(const Matrix& a,
                                                        const std::vector<double>& b);

using ResidualFn = std::function<std::vector<double>(const std::vector<double>& x)>;

struct LmOptions {
  int max_iterations = 40;    // outer iterations (each one Jacobian)
  double step = 1e-3;         // forward-difference step, relative to max(|x_k|, 1e-3)
  double tolerance = 1e-7;    // stop when the cost falls by less than this fraction
  std::vector<double> lower;  // per-parameter lower bounds (empty: none)
  std::vector<double> upper;  // per-parameter upper bounds (empty: none)
};

struct LmResult {
  std::vector<double> x;   // the minimiser found
  double cost = 0;         // sum of squared residuals at x
  int iterations = 0;      // outer iterations run
  bool converged = false;  // the cost stopped falling before max_iterations
};

// Minimises sum r_i(x)^2 from x0. Every call of `residuals` must return the same number of
// residuals; non-finite residuals make a trial step rejected.
LmResult levenberg_marquardt(const ResidualFn& residuals, std::vector<double> x0,
                             const LmOptions& options = {});

}  // namespace sonde::fit
