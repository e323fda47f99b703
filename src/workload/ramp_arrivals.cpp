#include "workload/ramp_arrivals.hpp"

#include <fmt/format.h>

#include <cmath>

#include "util/error.hpp"
#include "workload/arrivals.hpp"

namespace sonde {
namespace {

void check(int n, double from_rate, double to_rate, double duration_s) {
  if (n < 0) throw UsageError(fmt::format("number of arrivals must be >= 0, got {}", n));
  if (!(from_rate >= 0) || !std::isfinite(from_rate)) {
    throw UsageError(
        fmt::format("ramp from_rate must be >= 0 requests per second, got {}", from_rate));
  }
  if (!(to_rate > 0) || !std::isfinite(to_rate)) {
    throw UsageError(fmt::format("ramp to_rate must be > 0 requests per second, got {}", to_rate));
  }
  if (!(duration_s > 0) || !std::isfinite(duration_s)) {
    throw UsageError(fmt::format("ramp duration_s must be > 0 seconds, got {}", duration_s));
  }
}

// The t at which the integrated rate reaches y.
double inverse(double from, double to, double d, double y) {
  if (y <= 0) return 0;
  const double at_end = 0.5 * (from + to) * d;
  if (y >= at_end) return d + (y - at_end) / to;
  // Solve from·t + b·t² = y with b = (to − from) / 2d; this form has no cancellation when
  // b is small or negative, and no division by zero when from = 0.
  const double b = (to - from) / (2 * d);
  const double disc = std::max(0.0, from * from + 4 * b * y);
  return 2 * y / (from + std::sqrt(disc));
}

}  // namespace

double ramp_integrated_rate(double from_rate, double to_rate, double duration_s, double t) {
  if (t <= 0) return 0;
  if (t >= duration_s) return 0.5 * (from_rate + to_rate) * duration_s + to_rate * (t - duration_s);
  return from_rate * t + 0.5 * (to_rate - from_rate) * t * t / duration_s;
}

std::vector<double> ramp_arrivals(int n, double from_rate, double to_rate, double duration_s,
                                  uint64_t seed) {
  check(n, from_rate, to_rate, duration_s);
  std::vector<double> out = poisson_arrivals(n, 1.0, seed);
  for (double& t : out) t = inverse(from_rate, to_rate, duration_s, t);
  return out;
}

}  // namespace sonde
