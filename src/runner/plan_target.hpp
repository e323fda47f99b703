#pragma once
// The server a plan measures: the in-process simulator when plan.sim (started on a free port),
// else plan.base_url. Shared by `sonde run` and `sonde capacity`.
#include <memory>

#include "config/plan.hpp"
#include "runner/target.hpp"
#include "sim/sim_server.hpp"

namespace sonde {

struct PlanTarget {
  std::unique_ptr<SimServer> sim;  // running simulator (null for a server reached by URL)
  SimOptions sim_options;          // its options (meaningful only with `sim`)
  Endpoint endpoint;               // base URL (no trailing slash), API path and key
};

// Starts the simulator when the plan asks for it. The caller stops it (sim->stop()).
PlanTarget start_plan_target(const Plan& plan);

}  // namespace sonde
