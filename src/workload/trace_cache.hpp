#pragma once
// The prefix-cache hits a Mooncake trace's hash ids promise (docs/metrics.md "Expected
// prefix-cache hit rate"): a row's leading blocks whose id chain an earlier row already sent
// are text the server has seen (workload/block_text.hpp), so a prefix-caching server serves
// their whole KV blocks from its cache.
#include <cstdint>
#include <unordered_set>
#include <vector>

namespace sonde {

class TraceCacheExpectation {
 public:
  // `block_tokens`: tokens per hash id; `block_size`: the server's KV-cache block (tokens).
  TraceCacheExpectation(int64_t block_tokens, int block_size);

  // The next row, in send order: its hash ids, the words of its prompt text (block_text's
  // `words`) and its server-counted prompt tokens. Returns the tokens expected from the cache:
  // the shared blocks' tokens in whole KV blocks, never the prompt's last token (recomputed).
  // Assumes the template puts fewer than `block_size` tokens before the text, which then shifts
  // no whole block.
  int64_t next(const std::vector<int64_t>& hash_ids, int64_t words, int64_t prompt_tokens);

 private:
  int64_t block_tokens_;
  int block_size_;
  std::unordered_set<uint64_t> seen_;  // chained hashes of every id prefix sent so far
};

}  // namespace sonde
