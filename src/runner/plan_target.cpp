#include "runner/plan_target.hpp"

#include <fmt/format.h>

#include "runner/target_session.hpp"

namespace sonde {

PlanTarget start_plan_target(const Plan& plan) {
  PlanTarget t;
  t.endpoint = plan_endpoint(plan);
  if (plan.sim) {
    t.sim_options.port = 0;
    t.sim_options.speed = plan.sim_speed;
    t.sim_options.fitted_profile_file = plan.sim_profile_file;
    // Per-request prefix-cache hits (cached_tokens) for the report, as a user would start vLLM.
    t.sim_options.enable_prompt_tokens_details = true;
    t.sim = std::make_unique<SimServer>(t.sim_options);
    t.sim->start();
    t.endpoint.base_url = fmt::format("http://127.0.0.1:{}", t.sim->port());
  } else {
    t.endpoint.base_url = plan.base_url;
    while (!t.endpoint.base_url.empty() && t.endpoint.base_url.back() == '/')
      t.endpoint.base_url.pop_back();
  }
  return t;
}

}  // namespace sonde
