#pragma once
// Open-loop arrivals whose rate ramps linearly, to find where a server starts to queue in one
// scenario rather than a sweep of fixed rates.
#include <cstdint>
#include <vector>

namespace sonde {

// Offsets in seconds of n arrivals of an inhomogeneous Poisson process whose rate goes
// linearly from `from_rate` to `to_rate` req/s over `duration_s`, then stays at `to_rate`.
// The unit-rate arrivals of poisson_arrivals(n, 1, seed) mapped through the inverse of the
// integrated rate (time-rescaling), so deterministic for a seed and, like poisson_arrivals,
// the first arrival is at 0. Throws UsageError when n < 0, from_rate < 0, to_rate <= 0 or
// duration_s <= 0 (or any is not finite).
std::vector<double> ramp_arrivals(int n, double from_rate, double to_rate, double duration_s,
                                  uint64_t seed);

// Expected arrivals in [0, t] of that process: the integrated rate.
double ramp_integrated_rate(double from_rate, double to_rate, double duration_s, double t);

}  // namespace sonde
