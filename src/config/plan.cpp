#include "config/plan.hpp"

#include <fmt/format.h>

#include "config/suite.hpp"
#include "util/error.hpp"

namespace sonde {

double effective_time_scale(const Plan& plan) {
  if (plan.wiring.time_scale > 0) return plan.wiring.time_scale;
  return plan.sim ? plan.sim_speed : 1;
}

void validate(const Plan& plan) {
  if (!plan.sim && plan.base_url.empty()) {
    throw UsageError("--base-url: required (e.g. --base-url http://127.0.0.1:8000), or use --sim");
  }
  if (!plan.base_url.empty()) check_url("--base-url", plan.base_url);
  if (plan.scenarios.empty()) throw UsageError("the suite has no scenarios");
  for (const auto& s : plan.scenarios) validate_scenario(s, "scenario '" + s.name + "'");
  if (!(plan.sim_speed > 0))
    throw UsageError(fmt::format("--sim-speed: {} must be > 0", plan.sim_speed));
  validate(plan.options);
}

}  // namespace sonde
