#include "workload/trace_cache.hpp"

#include <algorithm>

namespace sonde {

TraceCacheExpectation::TraceCacheExpectation(int64_t block_tokens, int block_size)
    : block_tokens_(std::max<int64_t>(1, block_tokens)), block_size_(std::max(1, block_size)) {}

int64_t TraceCacheExpectation::next(const std::vector<int64_t>& hash_ids, int64_t words,
                                    int64_t prompt_tokens) {
  // Only whole trace blocks are built from their ids; a partial last block is unique text.
  const auto blocks = static_cast<std::size_t>(std::min<int64_t>(
      std::max<int64_t>(0, words) / block_tokens_, static_cast<int64_t>(hash_ids.size())));
  uint64_t chain = 0x84222325CBF29CE4ULL;
  std::size_t shared = 0;
  bool matching = true;
  for (std::size_t i = 0; i < blocks; ++i) {
    // The id and everything before it, as the server's chained block hashes see it.
    chain = (chain ^ static_cast<uint64_t>(hash_ids[i])) * 0x100000001B3ULL + i;
    matching = matching && seen_.count(chain) > 0;
    if (matching) shared = i + 1;
    seen_.insert(chain);
  }
  const int64_t bs = block_size_;
  const int64_t shared_tokens = static_cast<int64_t>(shared) * block_tokens_ / bs * bs;
  const int64_t computable = std::max<int64_t>(0, prompt_tokens - 1) / bs * bs;
  return std::min(shared_tokens, computable);
}

}  // namespace sonde
