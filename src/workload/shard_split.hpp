#pragma once
// How `sonde run --clients N` divides one scenario's requests among N client processes
// (shards), so that together they send exactly what one process would:
//  - an open-loop schedule is thinned: every shard builds the whole schedule from the common
//    seed and shard k keeps arrivals i with i % N == k, so the union is the one-process schedule
//    and each shard's arrivals are a 1/N thinning of it;
//  - a closed or burst load divides its users: c / N each, the remainder to the first shards;
//    request i belongs to user i % c and goes to that user's shard.
// Pure; the indexes are the scenario's global request indexes.
#include <vector>

namespace sonde {

struct ShardIndex {
  int index = 0;  // this shard, 0-based
  int count = 1;  // shards in the run (--clients)
};

// `total` split into `count` near-equal parts, the remainder to the first: part `index`.
int shard_share(int total, ShardIndex shard);

// The shard that runs user `user` of `users` (users 0.. of shard 0 first, then shard 1's, ...).
int shard_of_user(int user, int users, int shards);

// True when global request `index` is this shard's. `open_loop`: thinned by index; else user
// `index % users` decides (users >= 1).
bool request_in_shard(int index, bool open_loop, int users, ShardIndex shard);

// The global indexes of `requests` requests that are this shard's, ascending.
std::vector<int> shard_request_indexes(int requests, bool open_loop, int users, ShardIndex shard);

}  // namespace sonde
