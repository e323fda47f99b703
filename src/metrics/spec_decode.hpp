#pragma once
// Speculative decoding as vLLM counts it: the deltas of vllm:spec_decode_num_drafts,
// _num_draft_tokens, _num_accepted_tokens and _num_accepted_tokens_per_pos{position} between two
// /metrics snapshots, and the figures vLLM's own logger derives from them (docs/vllm-facts.md).
// No networking here: the caller hands us parsed pages.
#include <optional>
#include <string>

#include "metrics/prometheus.hpp"
#include "results/spec_decode.hpp"

namespace sonde {

// nullopt when the after-page has no vllm:spec_decode_num_drafts (speculation off, or a vLLM
// without these counters); label sets filtered by model_name as diff_server_metrics does.
std::optional<SpecDecodeRecord> diff_spec_decode(const MetricsPage& before, const MetricsPage& after,
                                                 const std::optional<std::string>& model_name = {});

}  // namespace sonde
