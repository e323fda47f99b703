// The prefix-cache hits a Mooncake trace's hash ids promise, row by row.
#include "workload/trace_cache.hpp"

#include <gtest/gtest.h>

namespace sonde {
namespace {

struct Row {
  std::vector<int64_t> ids;
  int64_t words;
  int64_t tokens;
  int64_t expected;  // tokens expected from the cache
};

TEST(TraceCacheExpectation, LeadingIdsSeenBeforeAreCachedInWholeKvBlocks) {
  // block_tokens 32, KV blocks of 16 tokens; 4 tokens of template around each prompt.
  const std::vector<Row> rows = {
      {{1, 2, 3}, 96, 100, 0},       // first row: nothing sent before
      {{1, 2, 4}, 96, 100, 64},      // shares ids 1, 2
      {{1, 2, 3}, 96, 100, 96},      // all three: 96 text tokens, fewer than 100 - 1
      {{5, 2, 3}, 96, 100, 0},       // same later ids after another first one: no chain
      {{1, 9}, 40, 44, 32},          // one whole shared block, its second block partial
      {{1, 2, 3, 4}, 100, 104, 96},  // id 4 was never the fourth block: 3 shared
      {{}, 50, 54, 0},               // no ids: all unique text
  };
  TraceCacheExpectation e(32, 16);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(e.next(rows[i].ids, rows[i].words, rows[i].tokens), rows[i].expected) << "row " << i;
  }
}

TEST(TraceCacheExpectation, TheLastTokenIsRecomputedAndPartialBlocksAreUnique) {
  TraceCacheExpectation e(16, 16);
  EXPECT_EQ(e.next({7, 8}, 32, 32), 0);
  // The whole prompt is shared text, but its last token is computed again: one block only.
  EXPECT_EQ(e.next({7, 8}, 32, 32), 16);
  // Text shorter than its ids: only whole trace blocks come from ids (one here), no hit beyond.
  EXPECT_EQ(e.next({7, 8}, 20, 24), 16);
  // A trace block that is not a whole number of KV blocks: the whole KV blocks inside it.
  TraceCacheExpectation odd(20, 16);
  EXPECT_EQ(odd.next({1, 2}, 40, 44), 0);
  EXPECT_EQ(odd.next({1, 2}, 40, 44), 32);  // 40 shared tokens hold 2 whole blocks of 16
}

}  // namespace
}  // namespace sonde
