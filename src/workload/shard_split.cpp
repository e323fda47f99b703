#include "workload/shard_split.hpp"

#include <algorithm>

namespace sonde {

int shard_share(int total, ShardIndex shard) {
  if (shard.count <= 0 || total <= 0) return 0;
  return total / shard.count + (shard.index < total % shard.count ? 1 : 0);
}

int shard_of_user(int user, int users, int shards) {
  // The first `users % shards` shards hold one user more than the others.
  const int base = users / shards;
  const int extra = users % shards;
  const int big = extra * (base + 1);  // users held by the shards with one more
  if (user < big) return user / (base + 1);
  return base == 0 ? shards - 1 : extra + (user - big) / base;
}

bool request_in_shard(int index, bool open_loop, int users, ShardIndex shard) {
  if (shard.count <= 1) return true;
  if (open_loop) return index % shard.count == shard.index;
  const int u = std::max(1, users);
  return shard_of_user(index % u, u, shard.count) == shard.index;
}

std::vector<int> shard_request_indexes(int requests, bool open_loop, int users, ShardIndex shard) {
  std::vector<int> out;
  for (int i = 0; i < requests; ++i) {
    if (request_in_shard(i, open_loop, users, shard)) out.push_back(i);
  }
  return out;
}

}  // namespace sonde
