// summarize_turns: a conversation's records grouped by turn, failures counted but not timed.
#include "stats/turn_summary.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace sonde {
namespace {

RequestRecord turn_record(int turn, bool ok, int64_t input, double ttft, double tpot) {
  RequestRecord r;
  r.turn = turn;
  r.ok = ok;
  r.input_tokens = input;
  if (ok) {
    r.ttft_ms = ttft;
    r.tpot_ms = tpot;
  }
  return r;
}

TEST(TurnSummary, OneEntryPerTurnOverItsOkRequests) {
  std::vector<RequestRecord> records{
      turn_record(2, true, 300, 20, 5), turn_record(1, true, 100, 40, 4),
      turn_record(1, true, 110, 60, 6), turn_record(2, false, 0, 0, 0),
      turn_record(2, true, 320, 30, 7), turn_record(3, false, 0, 0, 0),
  };
  records.push_back(RequestRecord{});  // a request of another scenario kind: no turn, ignored
  const auto turns = summarize_turns(records);
  ASSERT_EQ(turns.size(), 3u);
  EXPECT_EQ(turns[0].turn, 1);
  EXPECT_EQ(turns[0].requests, 2);
  EXPECT_EQ(turns[0].completed, 2);
  EXPECT_DOUBLE_EQ(turns[0].input_tokens.mean, 105);
  EXPECT_DOUBLE_EQ(turns[0].ttft_ms.p50, 50);
  EXPECT_DOUBLE_EQ(turns[0].ttft_ms.p90, 58);  // linear between closest ranks
  EXPECT_DOUBLE_EQ(turns[0].tpot_ms.p50, 5);
  EXPECT_EQ(turns[1].turn, 2);
  EXPECT_EQ(turns[1].requests, 3);
  EXPECT_EQ(turns[1].completed, 2);
  EXPECT_DOUBLE_EQ(turns[1].input_tokens.mean, 310);
  EXPECT_DOUBLE_EQ(turns[1].ttft_ms.p99, 29.9);
  // A turn whose every request failed is still listed, with empty distributions.
  EXPECT_EQ(turns[2].turn, 3);
  EXPECT_EQ(turns[2].requests, 1);
  EXPECT_EQ(turns[2].completed, 0);
  EXPECT_EQ(turns[2].ttft_ms.count, 0u);
  EXPECT_TRUE(std::isnan(turns[2].ttft_ms.p50));
}

TEST(TurnSummary, SplitsTtftByPrefixCacheHits) {
  auto with_cache = [](int64_t cached, double ttft) {
    RequestRecord r = turn_record(2, true, 300, ttft, 5);
    r.cached_tokens = cached;
    return r;
  };
  // Two hits, one miss, one request whose reply did not say (in neither group).
  const auto turns = summarize_turns({with_cache(256, 10), with_cache(0, 40), with_cache(512, 14),
                                      turn_record(2, true, 300, 99, 5)});
  ASSERT_EQ(turns.size(), 1u);
  EXPECT_EQ(turns[0].completed, 4);
  EXPECT_EQ(turns[0].cached_tokens.count, 3u);
  EXPECT_DOUBLE_EQ(turns[0].cached_tokens.mean, 256);
  EXPECT_EQ(turns[0].ttft_hit_ms.count, 2u);
  EXPECT_DOUBLE_EQ(turns[0].ttft_hit_ms.p50, 12);
  EXPECT_EQ(turns[0].ttft_miss_ms.count, 1u);
  EXPECT_DOUBLE_EQ(turns[0].ttft_miss_ms.p50, 40);
}

TEST(TurnSummary, NoTurnsNoEntries) {
  EXPECT_TRUE(summarize_turns({}).empty());
  EXPECT_TRUE(summarize_turns({RequestRecord{}}).empty());
}

}  // namespace
}  // namespace sonde
