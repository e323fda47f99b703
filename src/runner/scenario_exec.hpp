#pragma once
// Turns one scenario into prepared requests (calibrated unique prompts, bodies, release plan).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "client/client.hpp"
#include "config/scenario.hpp"
#include "results/run_result.hpp"
#include "runner/target.hpp"
#include "workload/prompt.hpp"

namespace sonde {

struct RequestFactory {
  Endpoint endpoint;        // where the requests go
  std::string model;        // model name sent
  std::string run_id;       // prefix of x-request-ids
  GenerationParams params;  // ignore_eos, temperature (max_tokens set per scenario)
  PromptFactory& prompts;   // calibrated prompt synthesis
  ServerTokenCounter& counter;
  uint64_t seed = 0;           // arrivals
  uint64_t nonce_counter = 0;  // keeps nonces unique across scenarios and warm-up
  int kv_block_size = 16;      // the server's KV-cache block (tokens), for expected cache hits
  std::string kv_block_size_source = "default";  // where kv_block_size came from
  int64_t max_model_len = 0;  // the server's, from /v1/models (0 = unknown): longer rows skipped
};

// A seed that is the same for the same prompt id on every build and machine.
uint64_t stable_hash(std::string_view s);

// Request `index` of `spec` with its id and targets, placed in the load shape: its burst round,
// or for a rate load its offset from `arrivals` (simulated seconds) divided by `time_scale`.
// The caller sets the body.
PreparedRequest scenario_request(const RequestFactory& factory, const ScenarioSpec& spec, int index,
                                 const std::vector<double>& arrivals, double time_scale);

// Prepares `spec` into a DispatchPlan. Open-loop offsets are real seconds from the scenario's
// start (simulated arrival times divided by `time_scale`); the caller shifts them to the epoch.
// What preparing a scenario learnt about its source, for run.json.
struct PreparedSource {
  std::optional<SharedPrefixFacts> shared_prefix;  // a shared_prefix scenario's prefixes
  std::optional<SourceRecord> file;                // a dataset or trace scenario's file and rows
  std::optional<ConversationFacts> conversation;   // a conversation scenario's seed
  // A plan that grows while it runs (a conversation's later turns): every request it plans,
  // bodies empty, for the records of those never sent. Empty: the plan's requests are all.
  std::vector<PreparedRequest> planned;
};

// Fills `prepared` when given.
DispatchPlan prepare_scenario(RequestFactory& factory, const ScenarioSpec& spec,
                              PromptCalibration& calibration, double time_scale,
                              PreparedSource* prepared = nullptr);

}  // namespace sonde
