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
};

// One entry per turn number present, ascending; empty when no record has a turn.
std::vector<TurnSummary> summarize_turns(const std::vector<RequestRecord>& records);

}  // namespace sonde
