#include "runner/rate_schedule.hpp"

#include "workload/arrivals.hpp"
#include "workload/ramp_arrivals.hpp"

namespace sonde {

std::vector<double> rate_arrivals(const ScenarioSpec& spec, uint64_t seed) {
  if (spec.ramp) {
    return ramp_arrivals(spec.requests, spec.ramp->from_rate, spec.ramp->to_rate,
                         spec.ramp->duration_s, seed);
  }
  return poisson_arrivals(spec.requests, spec.request_rate, seed);
}

}  // namespace sonde
