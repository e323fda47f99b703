// JSON of a conversation scenario's `source` object and of its `turns` figures.
#include <nlohmann/json.hpp>

#include "results/conversation_facts.hpp"
#include "results/json.hpp"
#include "results/json_util.hpp"

namespace sonde {

using json_detail::value_or;
using nlohmann::json;

void to_json(json& j, const ConversationSource& s) {
  j = json{{"kind", "conversation"},
           {"users", s.users},
           {"turns", s.turns},
           {"user_len", s.user_len},
           {"output_len", s.output_len},
           {"think_time_s", s.think_time_s},
           {"think", s.think == ThinkTime::exponential ? "exponential" : "fixed"}};
}

void from_json(const json& j, ConversationSource& s) {
  s.users = j.at("users").get<int>();
  s.turns = j.at("turns").get<int>();
  s.user_len = j.at("user_len").get<int64_t>();
  s.output_len = j.at("output_len").get<int64_t>();
  s.think_time_s = value_or(j, "think_time_s", 0.0);
  s.think = value_or(j, "think", std::string("fixed")) == "exponential" ? ThinkTime::exponential
                                                                        : ThinkTime::fixed;
}

void to_json(json& j, const ConversationFacts& f) { j = json{{"seed", f.seed}}; }

void from_json(const json& j, ConversationFacts& f) { f.seed = value_or<uint64_t>(j, "seed", 0); }

void to_json(json& j, const TurnSummary& t) {
  j = json{{"turn", t.turn},
           {"requests", t.requests},
           {"completed", t.completed},
           {"input_tokens", t.input_tokens},
           {"ttft_ms", t.ttft_ms},
           {"tpot_ms", t.tpot_ms},
           {"cached_tokens", t.cached_tokens},
           {"ttft_hit_ms", t.ttft_hit_ms},
           {"ttft_miss_ms", t.ttft_miss_ms}};
}

void from_json(const json& j, TurnSummary& t) {
  t.turn = j.at("turn").get<int>();
  t.requests = j.at("requests").get<int>();
  t.completed = value_or(j, "completed", 0);
  t.input_tokens = j.at("input_tokens").get<Distribution>();
  t.ttft_ms = j.at("ttft_ms").get<Distribution>();
  t.tpot_ms = j.at("tpot_ms").get<Distribution>();
  // Absent from files written before the split: empty distributions, as for a server that did
  // not report cached tokens.
  t.cached_tokens = value_or(j, "cached_tokens", summarize({}));
  t.ttft_hit_ms = value_or(j, "ttft_hit_ms", summarize({}));
  t.ttft_miss_ms = value_or(j, "ttft_miss_ms", summarize({}));
}

}  // namespace sonde
