#pragma once
// One scenario as a `vllm bench serve --save-result` JSON file (vllm/<scenario>.json), so that
// tools built around vLLM's benchmark can read sonde's results. Key names follow docs/vllm-facts.md.
//
// Differences from vLLM's own figures, kept on purpose (docs/metrics.md is our contract):
// - TTFT: vLLM times it to the first chunk with `choices` (in chat, the role-only chunk, which
//   carries no token); sonde times it to the first text-bearing chunk, so ours is >= vLLM's.
// - TPOT: vLLM uses (latency - ttft) / (output_len - 1); sonde uses decode_ms / (output - 1),
//   i.e. it excludes the tail between the last token and [DONE].
// - std_*: written as the population std (numpy's np.std, as vLLM does), converted from our
//   sample std; null (not 0) when there are no samples.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "results/record.hpp"
#include "results/run_result.hpp"

namespace sonde {

// Builds the file for `scenario`. `records` may hold the whole run: only those whose
// `scenario` equals scenario.spec.name are used, in index order of appearance.
nlohmann::json vllm_bench_json(const RunResult& run, const ScenarioResult& scenario,
                               const std::vector<RequestRecord>& records);

// "20250601-123456" from an ISO 8601 timestamp such as "2025-06-01T12:34:56Z" (vLLM's date
// format); the input unchanged if it has not exactly 14 digits.
std::string vllm_date(const std::string& iso8601);

}  // namespace sonde
