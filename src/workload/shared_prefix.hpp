#pragma once
// Prompts in groups that share a prefix (a system prompt or a document), as real traffic to a
// chatbot or a retrieval service does, so that the server's prefix cache has work to do.
// Definitions: docs/shared-prefix.md; the expected hit share: docs/metrics.md.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "workload/prompt.hpp"

namespace sonde {

struct SharedPrefixShape {
  int groups = 1;              // distinct prefixes
  int requests_per_group = 1;  // prompts that start with each prefix
  int64_t prefix_len = 0;      // server-counted tokens of a prefix sent alone
  int64_t suffix_len = 0;      // server-counted tokens each prompt adds after its prefix
};

struct SharedPrefixPrompts {
  std::vector<Prompt> prompts;         // in send order: prompt i belongs to group i % groups
  std::vector<int64_t> prefix_tokens;  // per group: server count of the prefix sent alone
  int counter_calls = 0;               // TokenCounter calls spent on all of them
};

// groups × requests_per_group prompts. Group g's prefix starts with
// word_nonce(seed, first_n + g) + nonce_tag (unique per group, and per run through the tag),
// then an instruction and a corpus document calibrated to prefix_len tokens. Each prompt is
// the prefix, a blank line, and a suffix calibrated so that the whole prompt counts
// prefix tokens + suffix_len; the suffix starts with four words unique within the group, so
// prompts share exactly their group's prefix. Requests alternate between groups (i % groups)
// so that a group's requests are not sent back to back. Throws UsageError naming
// shared_prefix.prefix_len / suffix_len when one is below what its text needs.
SharedPrefixPrompts make_shared_prefix_prompts(PromptFactory& factory,
                                               const SharedPrefixShape& shape, uint64_t seed,
                                               uint64_t first_n, const TokenCounter& counter,
                                               const std::string& nonce_tag);

// Prompt tokens a server with prefix caching should find cached when every request after the
// first of its group finds the group's prefix in the cache: per group,
// (requests_per_group − 1) × the prefix tokens that fill whole KV blocks of `block_size`
// (vLLM caches and matches whole blocks only). Divided by all prompt tokens sent, this is the
// expected prefix-cache hit share (docs/metrics.md).
int64_t expected_cached_tokens(std::span<const int64_t> prefix_tokens, int requests_per_group,
                               int block_size);

}  // namespace sonde
