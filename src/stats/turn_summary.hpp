#pragma once
// Per-turn figures of a conversation scenario (docs/metrics.md "Conversations"): every request
// that carries a turn number, grouped by it.
#include <vector>

#include "results/record.hpp"
#include "stats/distribution.hpp"

namespace sonde {

struct TurnSummary {
  int turn = 1;               // 1-based turn within its conversation
  int requests = 0;           // requests of this turn recorded (ok or not)
  int completed = 0;          // ok ones; the distributions are over these
  Distribution input_tokens;  // server-counted prompt tokens (the whole history), tokens
  Distribution ttft_ms;       // time to first token, ms
  Distribution tpot_ms;       // time per output token, ms
  // Split by what the server's prefix cache served (the record's cached_tokens); requests whose
  // reply did not say (no --enable-prompt-tokens-details) are in neither.
  Distribution cached_tokens;  // prompt tokens served from the prefix cache, tokens
  Distribution ttft_hit_ms;    // TTFT of the requests with cached_tokens > 0, ms
  Distribution ttft_miss_ms;   // TTFT of the requests with cached_tokens == 0, ms
};

// One entry per turn number present, ascending; empty when no record has a turn.
std::vector<TurnSummary> summarize_turns(const std::vector<RequestRecord>& records);

}  // namespace sonde
