#pragma once
// Turns one scenario into prepared requests (calibrated unique prompts, bodies, release plan).
#include <cstdint>
#include <string>

#include "client/client.hpp"
#include "config/scenario.hpp"
#include "results/run_result.hpp"
#include "runner/target.hpp"
#include "workload/prompt.hpp"

namespace sonde {

struct RequestFactory {
  Endpoint endpoint;          // where the requests go
  std::string model;          // model name sent
  std::string run_id;         // prefix of x-request-ids
  GenerationParams params;    // ignore_eos, temperature (max_tokens set per scenario)
  PromptFactory& prompts;     // calibrated prompt synthesis
  ServerTokenCounter& counter;
  uint64_t seed = 0;          // arrivals
  uint64_t nonce_counter = 0; // keeps nonces unique across scenarios and warm-up
  int64_t max_model_len = 0;  // the server's, from /v1/models (0 = unknown): longer rows skipped
};

// Prepares `spec` into a DispatchPlan. Open-loop offsets are real seconds from the scenario's
// start (simulated arrival times divided by `time_scale`); the caller shifts them to the epoch.
// A scenario reading a dataset or trace (runner/source_plan.hpp) fills `source` when given.
DispatchPlan prepare_scenario(RequestFactory& factory, const ScenarioSpec& spec,
                              PromptCalibration& calibration, double time_scale,
                              SourceRecord* source = nullptr);

}  // namespace sonde
