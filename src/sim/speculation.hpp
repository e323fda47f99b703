#pragma once
// Speculative decoding in the simulated engine (sonde sim --speculative-tokens K
// --acceptance-rate A). A draft of K tokens is verified in one step; as in vLLM's rejection
// sampler, draft tokens are accepted in order up to the first rejection, and the step adds one
// more token of the target model (the bonus or corrected token). Each position is accepted with
// the same probability p, chosen so that the mean *reported* acceptance rate, accepted / drafted
// tokens = (p + p^2 + ... + p^K) / K, equals A: p itself would give a lower rate, since a later
// position is only reached when every earlier one was accepted. The drafter's own cost is not
// modelled (an n-gram or EAGLE head is small next to the verification step).
#include <cstdint>

namespace sonde::sim {

// The per-position probability p in [0, 1] with (p + ... + p^k) / k = rate (bisection; exact
// at rate 0 and 1). k >= 1, rate in [0, 1].
double per_position_acceptance(int k, double rate);

// Accepted tokens of one draft of `drafted` tokens: leading positions accepted, each with
// probability p. Deterministic in (request_id, generated) so that runs repeat exactly.
int64_t draw_accepted(double p, int64_t drafted, uint64_t request_id, int64_t generated);

}  // namespace sonde::sim
