#pragma once
// Prepares a conversation scenario: calibrates every user message up front (users × turns, each
// unique) and hands the sessions to a Conversations plan that builds each later turn from the
// replies as they arrive (runner/conversation_plan.hpp).
#include <vector>

#include "client/client.hpp"
#include "runner/scenario_exec.hpp"

namespace sonde {

// As prepare_scenario for a scenario whose source is `source`: turn 1 of every session, the
// later turns as the plan's follow-ups. `planned` receives every request the scenario plans
// (bodies empty), `seed` the think-time seed.
DispatchPlan prepare_conversation(RequestFactory& f, const ScenarioSpec& spec,
                                  const ConversationSource& source, PromptCalibration& cal,
                                  double time_scale, std::vector<PreparedRequest>& planned,
                                  uint64_t& seed);

}  // namespace sonde
