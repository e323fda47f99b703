// Axis ticks and scales for the SVG writer (declared in svg.hpp).
#include <algorithm>
#include <cmath>

#include "chart/svg.hpp"

namespace sonde::svg {

double nice_number(double x, bool round) {
  if (!(x > 0) || !std::isfinite(x)) return 1;
  const double exp = std::floor(std::log10(x));
  const double f = x / std::pow(10.0, exp);
  double nf;
  if (round) {
    nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  } else {
    nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  }
  return nf * std::pow(10.0, exp);
}

namespace {

// Rounds away binary noise (0.30000000000000004) at the step's precision.
double clean(double v, int decimals) {
  const double p = std::pow(10.0, std::min(decimals + 2, 12));
  const double r = std::round(v * p) / p;
  return r == 0 ? 0 : r;
}

}  // namespace

Ticks nice_ticks(double lo, double hi, int count) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (lo > hi) std::swap(lo, hi);
  if (lo == hi) {
    // A single value: widen symmetrically (or to [0, 1] around zero) so it sits mid-axis.
    const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.5;
    lo -= lo == 0 ? 0 : pad;
    hi += pad;
  }
  count = std::max(count, 2);
  const double range = nice_number(hi - lo, false);
  const double step = nice_number(range / (count - 1), true);
  Ticks t;
  t.lo = std::floor(lo / step) * step;
  t.hi = std::ceil(hi / step) * step;
  t.decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step))));
  const int n = static_cast<int>(std::lround((t.hi - t.lo) / step));
  for (int i = 0; i <= n; ++i) t.values.push_back(clean(t.lo + i * step, t.decimals));
  t.lo = t.values.front();
  t.hi = t.values.back();
  return t;
}

Ticks log_ticks(double lo, double hi) {
  if (!(lo > 0) || !std::isfinite(lo)) lo = 1;
  if (!(hi > 0) || !std::isfinite(hi)) hi = lo * 10;
  if (lo > hi) std::swap(lo, hi);
  const int e0 = static_cast<int>(std::floor(std::log10(lo)));
  const int e1 = static_cast<int>(std::ceil(std::log10(hi)));
  const int decades = std::max(1, e1 - e0);
  // Few decades: label 1-2-5 (or every integer multiple inside a single decade).
  std::vector<double> mantissas{1};
  if (decades <= 1)
    mantissas = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  else if (decades <= 3)
    mantissas = {1, 2, 5};
  std::vector<double> grid;
  for (int e = e0; e <= e1; ++e) {
    for (double m : mantissas) grid.push_back(clean(m * std::pow(10.0, e), std::max(0, -e)));
  }
  Ticks t;
  // The axis runs from the last grid value at or below lo to the first at or above hi.
  auto below = std::upper_bound(grid.begin(), grid.end(), lo * (1 + 1e-9));
  t.lo = below == grid.begin() ? grid.front() : *(below - 1);
  auto above = std::lower_bound(grid.begin(), grid.end(), hi * (1 - 1e-9));
  t.hi = above == grid.end() ? grid.back() : *above;
  for (double g : grid) {
    if (g >= t.lo * (1 - 1e-9) && g <= t.hi * (1 + 1e-9)) t.values.push_back(g);
  }
  if (t.hi <= t.lo) t.hi = t.lo * 10, t.values.push_back(t.hi);
  t.decimals = std::max(0, -e0);
  return t;
}

Scale::Scale(bool log, double d0, double d1, double r0, double r1)
    : log_(log), d0_(d0), d1_(d1), r0_(r0), r1_(r1) {}

Scale Scale::linear(double d0, double d1, double r0, double r1) {
  return Scale(false, d0, d1, r0, r1);
}

Scale Scale::log(double d0, double d1, double r0, double r1) {
  return Scale(true, std::log10(d0), std::log10(d1), r0, r1);
}

double Scale::operator()(double v) const {
  double d = v;
  if (log_) d = v > 0 ? std::log10(v) : d0_;
  if (d1_ == d0_) return (r0_ + r1_) / 2;
  return r0_ + (d - d0_) / (d1_ - d0_) * (r1_ - r0_);
}

}  // namespace sonde::svg
