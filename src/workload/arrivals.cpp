#include "workload/arrivals.hpp"

#include <cmath>
#include <numbers>
#include <random>
#include <string>

#include "util/error.hpp"

namespace sonde {
namespace {

// Uniform in (0, 1] from the raw engine: std::*_distribution results are
// implementation-defined, and schedules must be identical across standard libraries.
double uniform_open0(std::mt19937_64& rng) {
  return (static_cast<double>(rng() >> 11) + 1.0) * 0x1.0p-53;
}

double exponential(std::mt19937_64& rng) { return -std::log(uniform_open0(rng)); }

double standard_normal(std::mt19937_64& rng) {
  // Box-Muller; one of the pair is dropped, which keeps the draw sequence simple.
  const double u1 = uniform_open0(rng);
  const double u2 = uniform_open0(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

// Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 via the boost x * U^(1/shape).
double gamma_unit(std::mt19937_64& rng, double shape) {
  if (shape < 1.0) return gamma_unit(rng, shape + 1.0) * std::pow(uniform_open0(rng), 1.0 / shape);
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = standard_normal(rng);
    double v = 1.0 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const double u = uniform_open0(rng);
    if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
  }
}

void check(int n, double rate) {
  if (n < 0) throw UsageError("number of arrivals must be >= 0, got " + std::to_string(n));
  if (!(rate > 0) || !std::isfinite(rate)) {
    throw UsageError("request rate must be a positive number of requests per second, got " +
                     std::to_string(rate));
  }
}

}  // namespace

std::vector<double> poisson_arrivals(int n, double rate, uint64_t seed) {
  check(n, rate);
  std::mt19937_64 rng(seed);
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(n));
  double t = 0;
  for (int i = 0; i < n; ++i) {
    if (i > 0) t += exponential(rng) / rate;
    out.push_back(t);
  }
  return out;
}

std::vector<double> gamma_arrivals(int n, double rate, double burstiness, uint64_t seed) {
  check(n, rate);
  if (!(burstiness > 0) || !std::isfinite(burstiness)) {
    throw UsageError("burstiness must be a positive number (1 = Poisson), got " +
                     std::to_string(burstiness));
  }
  std::mt19937_64 rng(seed);
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(n));
  // Gaps ~ Gamma(shape = burstiness, scale = 1 / (rate * burstiness)): mean 1 / rate whatever
  // the burstiness, as in vLLM's benchmark; smaller burstiness gives burstier traffic.
  const double scale = 1.0 / (rate * burstiness);
  double t = 0;
  for (int i = 0; i < n; ++i) {
    if (i > 0) t += gamma_unit(rng, burstiness) * scale;
    out.push_back(t);
  }
  return out;
}

}  // namespace sonde
