#pragma once
// What a conversation scenario records beyond its spec: the think-time seed, and the JSON of its
// per-turn figures (stats/turn_summary.hpp).
#include <cstdint>

#include <nlohmann/json_fwd.hpp>

#include "config/scenario_source.hpp"
#include "stats/turn_summary.hpp"

namespace sonde {

struct ConversationFacts {
  uint64_t seed = 0;  // seed of the think-time draws (exponential think times)
};

void to_json(nlohmann::json& j, const ConversationSource& s);
void from_json(const nlohmann::json& j, ConversationSource& s);
void to_json(nlohmann::json& j, const ConversationFacts& f);
void from_json(const nlohmann::json& j, ConversationFacts& f);
void to_json(nlohmann::json& j, const TurnSummary& t);
void from_json(const nlohmann::json& j, TurnSummary& t);

}  // namespace sonde
