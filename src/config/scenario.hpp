#pragma once
// One scenario of a suite: what to send and in which load shape.
#include <cstdint>
#include <optional>
#include <string>

#include "config/scenario_source.hpp"

namespace sonde {

enum class LoadShape {
  burst,   // rounds of `concurrency` requests sent at once; next round when all finished
  closed,  // `concurrency` workers; each sends its next request when the previous ends
  rate,    // open loop: Poisson arrivals at `request_rate` req/s, capped by max_concurrency
};

const char* to_string(LoadShape shape);
std::optional<LoadShape> parse_load_shape(const std::string& text);

// `ramp: {from_rate, to_rate, duration_s}` of a rate scenario: the arrival rate goes linearly
// from from_rate to to_rate req/s over duration_s, then stays at to_rate
// (workload/ramp_arrivals.hpp).
struct RateRamp {
  double from_rate = 0;   // req/s at the scenario's start (may be 0)
  double to_rate = 0;     // req/s at duration_s and after (> 0)
  double duration_s = 0;  // seconds of the ramp (> 0)
};

struct ScenarioSpec {
  std::string name;        // unique within a suite, e.g. "short_1k"
  int64_t input_len = 0;   // target server-counted prompt tokens
  int64_t output_len = 0;  // forced completion tokens (max_tokens)
  LoadShape load = LoadShape::closed;
  int concurrency = 1;           // burst size / closed-loop workers
  double request_rate = 0;       // req/s for LoadShape::rate, 0 otherwise (and with a ramp)
  std::optional<RateRamp> ramp;  // LoadShape::rate only: a ramping rate instead of request_rate
  int max_concurrency = 0;       // cap on in-flight requests for rate mode; 0 = none
  int requests = 1;              // total measured requests in the scenario
  bool repeat_prompt = false;    // every request sends the same prompt (to show prefix caching)
  ScenarioSource source;         // where the prompts come from (synthetic unless set)
};

}  // namespace sonde
