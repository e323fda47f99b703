#pragma once
// A scenario's prefix-cache hits seen three ways (docs/metrics.md "Prefix cache"): what sonde
// expected from the prompts it built (shared-prefix facts, a Mooncake trace's hash ids), what
// the server's counters say (vLLM's prefix_cache_queries/hits deltas), and the sum of the
// per-request `cached_tokens`; and what the hits bought: TTFT with hits against without.
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "results/record.hpp"
#include "results/run_result.hpp"

namespace sonde::analysis {

// A figure the data could not give (JSON null, "—" in reports).
inline constexpr double kNoFigure = std::numeric_limits<double>::quiet_NaN();

struct PrefixCacheView {
  // Client side, before sending: share of prompt tokens a prefix-caching server should serve
  // from its cache; NaN when the scenario's prompts promise nothing (datasets, Azure traces).
  double expected_rate = kNoFigure;
  // The server's counters over the scenario: hits / queries (tokens); NaN when not exposed
  // or no query was counted (prefix caching off).
  double server_rate = kNoFigure;
  std::optional<int64_t> server_hits;     // tokens found cached (vllm:prefix_cache_hits)
  std::optional<int64_t> server_queries;  // prompt tokens looked up (vllm:prefix_cache_queries)
  // Per request (usage.prompt_tokens_details.cached_tokens), over the records that carry it.
  int reporting = 0;                    // records with cached_tokens (any outcome)
  int64_t cached_tokens = 0;            // their cached_tokens, summed
  int64_t reporting_prompt_tokens = 0;  // their input_tokens, summed
  double per_request_rate = kNoFigure;  // cached_tokens / reporting_prompt_tokens
};

// The three views of `scenario`, the per-request one from its `records` (this scenario's only).
PrefixCacheView prefix_cache_view(const ScenarioResult& scenario,
                                  const std::vector<RequestRecord>& records);

// TTFT of the successful requests that were served prefix-cache hits (cached_tokens > 0)
// against those that were not (cached_tokens == 0). Requests without cached_tokens are in
// neither group. Medians are NaN for an empty group.
struct HitSplit {
  int with_hits = 0;                     // requests with cached_tokens > 0
  int without_hits = 0;                  // requests with cached_tokens == 0
  int unknown = 0;                       // successful requests without cached_tokens
  double ttft_p50_with = kNoFigure;      // ms
  double ttft_p50_without = kNoFigure;   // ms
  double input_p50_with = kNoFigure;     // server-counted prompt tokens, median
  double input_p50_without = kNoFigure;  // the same for the requests without hits
  double cached_p50_with = kNoFigure;    // cached_tokens of the requests with hits, median
};

HitSplit hit_split(const std::vector<RequestRecord>& records);

// What the hits bought, when the data can say it: both groups hold at least `min_group`
// requests and both medians are known. (with − without) / without, e.g. −0.4 = 40 % faster.
std::optional<double> ttft_change_with_hits(const HitSplit& split, int min_group = 3);

}  // namespace sonde::analysis
