#pragma once
// What sonde built for a shared_prefix scenario and the prefix-cache hit share that follows
// from it (docs/metrics.md "expected prefix-cache hit rate"), beside the server's measured one.
#include <cstdint>
#include <limits>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace sonde {

struct SharedPrefixFacts {
  int64_t prefix_tokens_min = 0;  // server-counted tokens of the shortest group prefix (alone)
  int64_t prefix_tokens_max = 0;  // and of the longest
  int64_t cacheable_tokens = 0;   // prompt tokens expected from the cache (all groups)
  int64_t prompt_tokens = 0;      // server-counted prompt tokens of all the scenario's requests
  int block_size = 16;            // tokens per KV-cache block the expectation assumed
  std::string block_size_source;  // where that came from: a ServerSetting source or "default"
  // cacheable_tokens / prompt_tokens, in [0, 1]; NaN when no prompt tokens were counted
  double expected_prefix_hit_rate = std::numeric_limits<double>::quiet_NaN();
};

void to_json(nlohmann::json& j, const SharedPrefixFacts& f);
void from_json(const nlohmann::json& j, SharedPrefixFacts& f);

}  // namespace sonde
