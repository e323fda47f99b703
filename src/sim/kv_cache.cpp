#include "sim/kv_cache.hpp"

#include <algorithm>

namespace sonde::sim {
namespace {

uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ULL;
  return h ^ (h >> 29);
}

}  // namespace

std::vector<uint64_t> prompt_block_hashes(std::span<const int64_t> ids, int block_size) {
  std::vector<uint64_t> out;
  if (block_size <= 0) return out;
  uint64_t parent = 0x5eed;
  const size_t bs = static_cast<size_t>(block_size);
  for (size_t start = 0; start + bs <= ids.size(); start += bs) {
    uint64_t h = mix(parent, bs);
    for (size_t i = start; i < start + bs; ++i) h = mix(h, static_cast<uint64_t>(ids[i]));
    out.push_back(h);
    parent = h;
  }
  return out;
}

KvCache::KvCache(int64_t num_blocks, int block_size, bool prefix_caching)
    : block_size_(std::max(1, block_size)), prefix_caching_(prefix_caching),
      blocks_(static_cast<size_t>(std::max<int64_t>(0, num_blocks))) {
  for (int32_t id = 0; id < static_cast<int32_t>(blocks_.size()); ++id) {
    blocks_[id].free_pos = free_.insert(free_.end(), id);
  }
}

std::vector<int32_t> KvCache::match_prefix(const std::vector<uint64_t>& hashes,
                                           int64_t num_tokens) const {
  std::vector<int32_t> out;
  if (!prefix_caching_ || num_tokens <= 0) return out;
  const size_t limit = std::min(hashes.size(), static_cast<size_t>((num_tokens - 1) / block_size_));
  for (size_t i = 0; i < limit; ++i) {
    const auto it = cached_.find(hashes[i]);
    if (it == cached_.end()) break;
    out.push_back(it->second);
  }
  return out;
}

bool KvCache::allocate(std::vector<int32_t>& blocks, const std::vector<int32_t>& cached,
                       int64_t tokens) {
  const bool adopt = blocks.empty() && !cached.empty();
  const int64_t have = static_cast<int64_t>(blocks.size() + (adopt ? cached.size() : 0));
  const int64_t need = std::max<int64_t>(0, (tokens + block_size_ - 1) / block_size_ - have);
  int64_t evictable_adopted = 0;  // adopted blocks now in free_: they stop being free
  if (adopt) {
    for (const auto id : cached) evictable_adopted += blocks_[id].refs == 0 ? 1 : 0;
  }
  if (need > num_free() - evictable_adopted) return false;
  if (adopt) {
    for (const auto id : cached) {
      if (blocks_[id].refs++ == 0) free_.erase(blocks_[id].free_pos);
      blocks.push_back(id);
    }
  }
  for (int64_t i = 0; i < need; ++i) {
    const int32_t id = free_.front();
    free_.pop_front();
    evict(id);
    blocks_[id].refs = 1;
    blocks.push_back(id);
  }
  return true;
}

void KvCache::evict(int32_t id) {
  Block& b = blocks_[id];
  if (!b.hashed) return;
  const auto it = cached_.find(b.hash);
  if (it != cached_.end() && it->second == id) cached_.erase(it);
  b.hashed = false;
}

void KvCache::free(std::vector<int32_t>& blocks) {
  // Tail blocks first, so that they are evicted before the (more shareable) head blocks.
  for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) {
    Block& b = blocks_[*it];
    if (--b.refs == 0) b.free_pos = free_.insert(free_.end(), *it);
  }
  blocks.clear();
}

void KvCache::cache_block(int32_t id, uint64_t hash) {
  if (!prefix_caching_) return;
  Block& b = blocks_[id];
  if (b.hashed || cached_.count(hash) != 0) return;
  b.hashed = true;
  b.hash = hash;
  cached_.emplace(hash, id);
}

double KvCache::usage() const {
  if (blocks_.empty()) return 0;
  return 1.0 - static_cast<double>(num_free()) / static_cast<double>(blocks_.size());
}

}  // namespace sonde::sim
