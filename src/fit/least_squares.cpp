#include "fit/least_squares.hpp"

#include <algorithm>
#include <cmath>

namespace sonde::fit {
namespace {

double sum_squares(const std::vector<double>& r) {
  double s = 0;
  for (const double v : r) s += v * v;
  return s;
}

bool all_finite(const std::vector<double>& r) {
  return std::all_of(r.begin(), r.end(), [](double v) { return std::isfinite(v); });
}

void clamp_to(std::vector<double>& x, const LmOptions& o) {
  for (std::size_t k = 0; k < x.size() && k < o.lower.size(); ++k)
    x[k] = std::max(x[k], o.lower[k]);
  for (std::size_t k = 0; k < x.size() && k < o.upper.size(); ++k)
    x[k] = std::min(x[k], o.upper[k]);
}

}  // namespace

std::optional<std::vector<double>> solve(Matrix a, std::vector<double> b) {
  const std::size_t n = a.rows;
  if (a.cols != n || b.size() != n) return std::nullopt;
  double largest = 0;
  for (const double v : a.values) largest = std::max(largest, std::abs(v));
  if (largest == 0) return std::nullopt;
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r) {
      if (std::abs(a.at(r, col)) > std::abs(a.at(pivot, col))) pivot = r;
    }
    if (std::abs(a.at(pivot, col)) < 1e-12 * largest) return std::nullopt;
    if (pivot != col) {
      for (std::size_t c = 0; c < n; ++c) std::swap(a.at(pivot, c), a.at(col, c));
      std::swap(b[pivot], b[col]);
    }
    for (std::size_t r = col + 1; r < n; ++r) {
      const double f = a.at(r, col) / a.at(col, col);
      for (std::size_t c = col; c < n; ++c) a.at(r, c) -= f * a.at(col, c);
      b[r] -= f * b[col];
    }
  }
  std::vector<double> x(n);
  for (std::size_t r = n; r-- > 0;) {
    double s = b[r];
    for (std::size_t c = r + 1; c < n; ++c) s -= a.at(r, c) * x[c];
    x[r] = s / a.at(r, r);
  }
  return x;
}

std::optional<std::vector<double>> linear_least_squares(const Matrix& a,
                                                        const std::vector<double>& b) {
  if (b.size() != a.rows || a.rows < a.cols || a.cols == 0) return std::nullopt;
  // Columns are scaled to unit length first, so that unknowns of very different sizes (seconds
  // per byte beside seconds per step) do not make the normal equations look singular.
  std::vector<double> scale(a.cols, 0.0);
  for (std::size_t c = 0; c < a.cols; ++c) {
    for (std::size_t r = 0; r < a.rows; ++r) scale[c] += a.at(r, c) * a.at(r, c);
    scale[c] = std::sqrt(scale[c]);
    if (scale[c] == 0) return std::nullopt;
  }
  Matrix ata(a.cols, a.cols);
  std::vector<double> atb(a.cols, 0.0);
  for (std::size_t i = 0; i < a.cols; ++i) {
    for (std::size_t r = 0; r < a.rows; ++r) atb[i] += a.at(r, i) / scale[i] * b[r];
    for (std::size_t j = 0; j < a.cols; ++j) {
      for (std::size_t r = 0; r < a.rows; ++r)
        ata.at(i, j) += a.at(r, i) / scale[i] * a.at(r, j) / scale[j];
    }
  }
  // A Gram matrix of unit columns: a pivot this small means two columns are (nearly) the same.
  for (std::size_t i = 0; i < a.cols; ++i) {
    for (std::size_t j = i + 1; j < a.cols; ++j) {
      if (std::abs(ata.at(i, j)) > 1 - 1e-9) return std::nullopt;
    }
  }
  auto x = solve(ata, atb);
  if (!x) return std::nullopt;
  for (std::size_t c = 0; c < a.cols; ++c) (*x)[c] /= scale[c];
  return x;
}

LmResult levenberg_marquardt(const ResidualFn& residuals, std::vector<double> x0, const LmOptions& o) {
  LmResult out;
  clamp_to(x0, o);
  out.x = x0;
  std::vector<double> r = residuals(out.x);
  out.cost = sum_squares(r);
  const std::size_t n = out.x.size(), m = r.size();
  double lambda = 1e-3;
  for (out.iterations = 0; out.iterations < o.max_iterations; ++out.iterations) {
    // Jacobian by forward differences.
    Matrix jac(m, n);
    for (std::size_t k = 0; k < n; ++k) {
      std::vector<double> xk = out.x;
      const double h = o.step * std::max(std::abs(xk[k]), 1e-3);
      xk[k] += h;
      const std::vector<double> rk = residuals(xk);
      for (std::size_t i = 0; i < m; ++i) jac.at(i, k) = (rk[i] - r[i]) / h;
    }
    Matrix jtj(n, n);
    std::vector<double> jtr(n, 0.0);
    for (std::size_t a = 0; a < n; ++a) {
      for (std::size_t i = 0; i < m; ++i) jtr[a] -= jac.at(i, a) * r[i];
      for (std::size_t b = 0; b < n; ++b) {
        for (std::size_t i = 0; i < m; ++i) jtj.at(a, b) += jac.at(i, a) * jac.at(i, b);
      }
    }
    bool improved = false;
    double before = out.cost;
    for (int tries = 0; tries < 12 && !improved; ++tries) {
      Matrix damped = jtj;
      for (std::size_t a = 0; a < n; ++a) damped.at(a, a) += lambda * std::max(jtj.at(a, a), 1e-12);
      const auto delta = solve(damped, jtr);
      if (delta) {
        std::vector<double> trial = out.x;
        for (std::size_t a = 0; a < n; ++a) trial[a] += (*delta)[a];
        clamp_to(trial, o);
        const std::vector<double> rt = residuals(trial);
        const double cost = sum_squares(rt);
        if (all_finite(rt) && cost < out.cost) {
          out.x = trial;
          r = rt;
          out.cost = cost;
          lambda = std::max(lambda / 10, 1e-9);
          improved = true;
          break;
        }
      }
      lambda *= 10;
    }
    if (!improved || before - out.cost <= o.tolerance * before) {
      out.converged = true;
      ++out.iterations;
      break;
    }
  }
  return out;
}

}  // namespace sonde::fit
