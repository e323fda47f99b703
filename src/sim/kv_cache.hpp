#pragma once
// The paged KV cache of the simulated engine: a pool of fixed-size blocks with reference counts
// and vLLM's automatic prefix caching. A full block of a prompt is identified by a hash chained
// over (parent block's hash, its token ids); freed blocks stay findable by that hash until they
// are evicted, least recently freed first (a request's tail blocks before its head blocks).
#include <cstdint>
#include <list>
#include <span>
#include <unordered_map>
#include <vector>

namespace sonde::sim {

// Hashes of the full blocks of a prompt (a trailing partial block has none).
std::vector<uint64_t> prompt_block_hashes(std::span<const int64_t> token_ids, int block_size);

class KvCache {
 public:
  KvCache(int64_t num_blocks, int block_size, bool prefix_caching);

  // Ids of the leading blocks of a request of `num_tokens` tokens found in the cache. At least
  // one token is always left to compute (the one that produces the next token), as in vLLM.
  std::vector<int32_t> match_prefix(const std::vector<uint64_t>& hashes, int64_t num_tokens) const;
  // Grows `blocks` to hold `tokens` tokens; when `blocks` is empty it first adopts `cached`
  // (from match_prefix). Returns false, changing nothing, when too few blocks are free.
  bool allocate(std::vector<int32_t>& blocks, const std::vector<int32_t>& cached, int64_t tokens);
  // Releases a request's blocks and clears the vector.
  void free(std::vector<int32_t>& blocks);
  // Makes a full block findable by its hash (no-op without prefix caching or if already known).
  void cache_block(int32_t block, uint64_t hash);

  int64_t num_blocks() const { return static_cast<int64_t>(blocks_.size()); }
  int64_t num_free() const { return static_cast<int64_t>(free_.size()); }
  int block_size() const { return block_size_; }
  // Fraction of blocks referenced by requests (cached but unreferenced blocks count as free).
  double usage() const;

 private:
  struct Block {
    int32_t refs = 0;                         // requests using the block
    bool hashed = false;                      // registered in cached_
    uint64_t hash = 0;                        // its hash when hashed
    std::list<int32_t>::iterator free_pos{};  // position in free_ when refs == 0
  };
  void evict(int32_t id);

  int block_size_;
  bool prefix_caching_;
  std::vector<Block> blocks_;
  std::list<int32_t> free_;                       // unreferenced blocks, evicted from the front
  std::unordered_map<uint64_t, int32_t> cached_;  // block hash -> block id
};

}  // namespace sonde::sim
