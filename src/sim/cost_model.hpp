#pragma once
// How long one engine step takes in simulated time. Kept apart from the scheduler so that the
// first linear model can later become a roofline model (ARCHITECTURE.md) without touching it.
#include <cstdint>

#include "sim/sim_server.hpp"

namespace sonde::sim {

// What one engine step does.
struct StepShape {
  int64_t prefill_tokens = 0;  // prompt tokens prefilled in this step (all requests)
  int64_t decode_seqs = 0;     // requests that decode in this step
  int64_t decode_tokens = 0;   // tokens those requests produce (> decode_seqs when speculating)
};

// Simulated seconds: overhead + prefill_tokens / prefill rate + (if any decode) the decode
// step cost, which grows linearly with the number of decoding requests.
double step_duration_s(const SimOptions& options, const StepShape& shape);

}  // namespace sonde::sim
