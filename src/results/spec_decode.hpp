#pragma once
// run.json's per-scenario `spec_decode` record: how speculative decoding fared during one
// scenario, from the deltas of vLLM's vllm:spec_decode_* counters (metrics/spec_decode.hpp reads
// them; docs/metrics.md "Speculative decoding" defines the figures as vLLM's own logger does).
#include <cstdint>
#include <limits>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sonde {

struct SpecDecodeRecord {
  int64_t drafts = 0;           // draft proposals verified (vllm:spec_decode_num_drafts)
  int64_t draft_tokens = 0;     // tokens proposed (vllm:spec_decode_num_draft_tokens)
  int64_t accepted_tokens = 0;  // of those, tokens accepted (vllm:spec_decode_num_accepted_tokens)
  // accepted_tokens / draft_tokens, 0–1; NaN (JSON null) when nothing was drafted
  double acceptance_rate = std::numeric_limits<double>::quiet_NaN();
  // 1 + accepted_tokens / drafts: tokens one sequence gains per engine step (the bonus token
  // included); NaN when there was no draft
  double mean_acceptance_length = std::numeric_limits<double>::quiet_NaN();
  // accepted at draft position k / drafts, 0–1 (vllm:spec_decode_num_accepted_tokens_per_pos);
  // empty when the server does not export it
  std::vector<double> acceptance_rate_per_pos;
  bool reset_detected = false;  // a counter went backwards between the snapshots

  bool operator==(const SpecDecodeRecord&) const = default;
};

// {drafts, draft_tokens, accepted_tokens, acceptance_rate, mean_acceptance_length,
//  acceptance_rate_per_pos}; NaN is null; reset_detected only when true.
void to_json(nlohmann::json& j, const SpecDecodeRecord& record);
// The inverse; throws nlohmann::json::exception on a missing or mistyped key.
void from_json(const nlohmann::json& j, SpecDecodeRecord& record);

}  // namespace sonde
