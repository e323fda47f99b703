#include "stats/turn_summary.hpp"

#include <map>

namespace sonde {

std::vector<TurnSummary> summarize_turns(const std::vector<RequestRecord>& records) {
  struct Samples {
    int requests = 0;
    std::vector<double> input, ttft, tpot, cached, ttft_hit, ttft_miss;
  };
  std::map<int, Samples> by_turn;
  for (const auto& r : records) {
    if (!r.turn) continue;
    Samples& s = by_turn[*r.turn];
    ++s.requests;
    if (!r.ok) continue;
    s.input.push_back(static_cast<double>(r.input_tokens));
    if (r.ttft_ms) s.ttft.push_back(*r.ttft_ms);
    if (r.tpot_ms) s.tpot.push_back(*r.tpot_ms);
    if (!r.cached_tokens) continue;
    s.cached.push_back(static_cast<double>(*r.cached_tokens));
    if (r.ttft_ms) (*r.cached_tokens > 0 ? s.ttft_hit : s.ttft_miss).push_back(*r.ttft_ms);
  }
  std::vector<TurnSummary> out;
  for (auto& [turn, s] : by_turn) {
    TurnSummary t;
    t.turn = turn;
    t.requests = s.requests;
    t.completed = static_cast<int>(s.input.size());
    t.input_tokens = summarize(std::move(s.input));
    t.ttft_ms = summarize(std::move(s.ttft));
    t.tpot_ms = summarize(std::move(s.tpot));
    t.cached_tokens = summarize(std::move(s.cached));
    t.ttft_hit_ms = summarize(std::move(s.ttft_hit));
    t.ttft_miss_ms = summarize(std::move(s.ttft_miss));
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace sonde
