#pragma once
// When the requests of a rate scenario are due: Poisson at request_rate, or along its ramp.
#include <cstdint>
#include <vector>

#include "config/scenario.hpp"

namespace sonde {

// Offsets in simulated seconds from the scenario's start of spec.requests arrivals: a
// Poisson process at spec.request_rate, or the inhomogeneous one of spec.ramp
// (workload/ramp_arrivals.hpp). Deterministic for a seed.
std::vector<double> rate_arrivals(const ScenarioSpec& spec, uint64_t seed);

}  // namespace sonde
