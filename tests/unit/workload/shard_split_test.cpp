// shard_split: users and requests divided among the shards of `sonde run --clients N` add up to
// the plan exactly, each request in exactly one shard.
#include <gtest/gtest.h>

#include <numeric>
#include <vector>

#include "workload/shard_split.hpp"

namespace sonde {
namespace {

TEST(ShardSplit, SharesAddUpWithTheRemainderOnTheFirstShards) {
  struct Case {
    int total, shards;
    std::vector<int> want;
  };
  for (const Case& c : {Case{10, 3, {4, 3, 3}}, Case{2, 4, {1, 1, 0, 0}}, Case{8, 2, {4, 4}},
                        Case{0, 3, {0, 0, 0}}, Case{7, 1, {7}}}) {
    std::vector<int> got;
    for (int k = 0; k < c.shards; ++k) got.push_back(shard_share(c.total, ShardIndex{k, c.shards}));
    EXPECT_EQ(got, c.want) << c.total << " over " << c.shards;
  }
}

TEST(ShardSplit, UsersGoToTheShardHoldingThem) {
  // 10 users over 3 shards: 4, 3, 3 -> users 0-3, 4-6, 7-9.
  const std::vector<int> want = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
  for (int u = 0; u < 10; ++u) EXPECT_EQ(shard_of_user(u, 10, 3), want[u]) << "user " << u;
  // Fewer users than shards: one each, the last shards idle.
  for (int u = 0; u < 2; ++u) EXPECT_EQ(shard_of_user(u, 2, 4), u);
}

// Every request lands in exactly one shard, for open and closed loads, and a closed load's
// requests follow its users: each shard's count is its share of users times the rounds.
TEST(ShardSplit, EveryRequestInExactlyOneShard) {
  for (const bool open_loop : {true, false}) {
    for (const int shards : {1, 2, 3, 5}) {
      const int requests = 103, users = 7;
      std::vector<int> owners(requests, 0);
      int total = 0;
      for (int k = 0; k < shards; ++k) {
        const auto mine = shard_request_indexes(requests, open_loop, users, ShardIndex{k, shards});
        total += static_cast<int>(mine.size());
        for (const int i : mine) ++owners[static_cast<std::size_t>(i)];
        if (!open_loop) {  // users of this shard x full rounds, plus its users in the last one
          const int own_users = shard_share(users, ShardIndex{k, shards});
          EXPECT_GE(static_cast<int>(mine.size()), own_users * (requests / users));
          EXPECT_LE(static_cast<int>(mine.size()), own_users * (requests / users + 1));
        }
      }
      EXPECT_EQ(total, requests);
      for (int i = 0; i < requests; ++i) EXPECT_EQ(owners[static_cast<std::size_t>(i)], 1) << i;
    }
  }
}

TEST(ShardSplit, OpenLoopIsThinnedByIndex) {
  EXPECT_EQ(shard_request_indexes(7, true, 1, ShardIndex{1, 3}), (std::vector<int>{1, 4}));
  EXPECT_EQ(shard_request_indexes(7, true, 1, ShardIndex{0, 3}), (std::vector<int>{0, 3, 6}));
}

}  // namespace
}  // namespace sonde
