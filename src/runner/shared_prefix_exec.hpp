#pragma once
// Prepares a shared_prefix scenario: groups of prompts that share a calibrated prefix, sent
// alternating between groups, and the prefix-cache hit share a server should show for them.
#include <string>
#include <vector>

#include "results/run_result.hpp"
#include "runner/scenario_exec.hpp"

namespace sonde {

// The KV-cache block size in force as the run's settings say (cache_config_info, the
// simulator's or a launched server's flags), else vLLM's default of 16 with source "default".
std::pair<int, std::string> kv_block_size(const std::vector<ServerSetting>& settings);

// As prepare_scenario for a scenario whose source is `source`; fills `facts` (expected hit
// share with f.kv_block_size).
DispatchPlan prepare_shared_prefix(RequestFactory& f, const ScenarioSpec& spec,
                                   const SharedPrefixSource& source, PromptCalibration& cal,
                                   double time_scale, SharedPrefixFacts& facts);

}  // namespace sonde
