#pragma once
// Search for the document length whose prompt the server counts as a target number of tokens.
// Internal to the workload module.
#include <cstdint>
#include <string>

#include "workload/prompt.hpp"

namespace sonde {

class DocumentStream;

// Calls after which a prompt already within tolerance is accepted rather than made exact.
inline constexpr int kSoftCounterCalls = 6;
// Calls after which the search gives up (a counter this erratic is not deterministic).
inline constexpr int kHardCounterCalls = 48;

// Finds the cut of `doc` such that count(prefix + cut) is target_tokens, or within
// max(1 %, 2) of it. `bytes_per_token` is only the first guess. Throws UsageError when the
// target is below count(prefix) beyond tolerance; a search that narrows to adjacent cut points
// returns the closest count found; Error when the counter never comes within tolerance
// otherwise (it stops growing, or gives different counts for the same text).
Prompt calibrate_prompt(const std::string& prefix, DocumentStream& doc, int64_t target_tokens,
                        double bytes_per_token, const TokenCounter& count);

}  // namespace sonde
