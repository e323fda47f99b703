#include "sim/speculation.hpp"

#include <algorithm>
#include <cmath>

namespace sonde::sim {
namespace {

double mean_rate(int k, double p) {
  double sum = 0, term = 1;
  for (int i = 0; i < k; ++i) sum += (term *= p);
  return sum / k;
}

// splitmix64's finaliser: neighbouring inputs give unrelated outputs.
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

double per_position_acceptance(int k, double rate) {
  rate = std::clamp(rate, 0.0, 1.0);
  if (k <= 1 || rate <= 0 || rate >= 1) return rate;
  double lo = 0, hi = 1;  // mean_rate rises with p
  for (int i = 0; i < 60; ++i) {
    const double mid = (lo + hi) / 2;
    (mean_rate(k, mid) < rate ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

int64_t draw_accepted(double p, int64_t drafted, uint64_t request_id, int64_t generated) {
  uint64_t state = mix(request_id * 0x100000001b3ULL ^ static_cast<uint64_t>(generated));
  int64_t accepted = 0;
  while (accepted < drafted) {
    state = mix(state);
    const double u = static_cast<double>(state >> 11) * 0x1.0p-53;  // uniform in [0, 1)
    if (u >= p) break;
    ++accepted;
  }
  return accepted;
}

}  // namespace sonde::sim
