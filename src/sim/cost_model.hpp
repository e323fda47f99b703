#pragma once
// How long one engine step takes in simulated time: a roofline over the GPU profile.
//   step = max(compute, memory) + all-reduce + overhead
//   compute = (2 x params x tokens + 4 x layers x heads x head_dim x attended pairs)
//             / (effective FLOP/s x TP)
//   memory  = (weight bytes + KV bytes read) / TP / effective bandwidth
//   all-reduce (TP > 1) = 2 per layer x (latency + 2 (TP-1)/TP x tokens x hidden x 2 B / link)
//   overhead = step overhead + sequence overhead x requests scheduled in the step
// Small batches are memory-bound (decode), large prefills compute-bound, as on a real GPU.
// "Effective" is peak x the GPU profile's efficiency; the efficiencies, overheads and all-reduce
// latency are fitted to published vLLM measurements (docs/simulator.md, data/profiles/gpus.json).
#include <cstdint>

#include "sim/sim_config.hpp"

namespace sonde::sim {

// What one engine step does.
struct StepShape {
  int64_t prefill_tokens = 0;  // prompt (or recomputed) tokens computed in this step
  int64_t prefill_seqs = 0;    // requests whose prompt (or a chunk of it) is computed
  int64_t decode_seqs = 0;     // requests that decode in this step
  int64_t decode_tokens = 0;   // tokens those requests produce (> decode_seqs when speculating)
  double attended_pairs = 0;   // sum over computed tokens of the context each attends to
  int64_t kv_read_tokens = 0;  // sum over scheduled requests of their context (tokens of KV read)

  int64_t tokens() const { return prefill_tokens + decode_tokens; }
  int64_t seqs() const { return prefill_seqs + decode_seqs; }
};

// Adds `n` tokens of one request whose first `context` tokens are already in the KV cache.
void add_tokens(StepShape& shape, int64_t context, int64_t n, bool decode);

// Simulated seconds of one step.
double step_duration_s(const SimConfig& config, const StepShape& shape);

}  // namespace sonde::sim
