#pragma once
// Open-loop arrival schedules.
#include <cstdint>
#include <vector>

namespace sonde {

// Offsets in seconds from the scenario start of n Poisson arrivals at `rate` req/s
// (exponential gaps; first arrival at 0). Deterministic for a given seed.
// Throws UsageError when n < 0 or rate is not a positive finite number.
std::vector<double> poisson_arrivals(int n, double rate, uint64_t seed);

// Like poisson_arrivals but with Gamma-distributed gaps of shape `burstiness` (as vLLM's
// --burstiness): mean gap 1/rate always; 1.0 is Poisson, < 1 burstier, > 1 more regular.
std::vector<double> gamma_arrivals(int n, double rate, double burstiness, uint64_t seed);

}  // namespace sonde
