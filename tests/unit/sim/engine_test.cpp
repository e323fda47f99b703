#include "sim/engine.hpp"

#include <gtest/gtest.h>

#include <map>

namespace sonde::sim {
namespace {

// Runs the engine until idle; returns per request the simulated times at which its tokens
// became visible (one entry per step that produced tokens).
std::map<uint64_t, std::vector<double>> run_to_end(Engine& engine) {
  std::map<uint64_t, std::vector<double>> times;
  for (int guard = 0; !engine.idle() && guard < 100000; ++guard) {
    const auto out = engine.step();
    for (const auto& o : out.outputs) times[o.id].push_back(engine.now_s());
  }
  EXPECT_TRUE(engine.idle());
  return times;
}

double ttft_alone(int64_t prompt_tokens) {
  Engine engine{SimOptions{}};
  engine.add({1, prompt_tokens, 4});
  return run_to_end(engine)[1].front();
}

TEST(SimCostModel, LinearInPrefillAndBatch) {
  SimOptions o;
  EXPECT_DOUBLE_EQ(step_duration_s(o, {}), o.step_overhead_ms / 1000);
  EXPECT_NEAR(step_duration_s(o, {20000, 0, 0}), 1.0 + o.step_overhead_ms / 1000, 1e-12);
  EXPECT_NEAR(step_duration_s(o, {0, 1, 1}), 0.008, 1e-12);  // ~8 ms at batch 1
  EXPECT_GT(step_duration_s(o, {0, 8, 8}), step_duration_s(o, {0, 1, 1}));
}

TEST(SimEngine, TtftGrowsWithPromptLength) {
  const double t1k = ttft_alone(1000), t3k = ttft_alone(3000), t10k = ttft_alone(10000);
  EXPECT_LT(t1k, t3k);
  EXPECT_LT(t3k, t10k);
  EXPECT_NEAR(t3k, 0.002 + 3000.0 / 20000, 1e-9);  // one step: overhead + prefill
}

TEST(SimEngine, LongPromptIsChunkedAcrossSteps) {
  SimOptions o;
  o.max_num_batched_tokens = 1000;
  Engine engine{o};
  engine.add({1, 2500, 2});
  EXPECT_TRUE(engine.step().outputs.empty());  // 1000
  EXPECT_TRUE(engine.step().outputs.empty());  // 2000
  const auto third = engine.step();            // last 500 tokens + first output token
  ASSERT_EQ(third.outputs.size(), 1u);
  EXPECT_EQ(third.shape.prefill_tokens, 500);
  EXPECT_EQ(engine.counters().prompt_tokens_total, 2500);
}

TEST(SimEngine, ItlGrowsWithRunningRequests) {
  auto mean_itl = [](int n) {
    Engine engine{SimOptions{}};
    for (int i = 0; i < n; ++i) engine.add({static_cast<uint64_t>(i + 1), 100, 50});
    const auto t = run_to_end(engine)[1];
    return (t.back() - t.front()) / static_cast<double>(t.size() - 1);
  };
  const double one = mean_itl(1), eight = mean_itl(8);
  EXPECT_NEAR(one, 0.008, 1e-9);
  EXPECT_GT(eight, one);
  EXPECT_NEAR(eight, 0.008 + 7 * 0.00035, 1e-9);
}

TEST(SimEngine, MaxNumSeqsQueuesTheRest) {
  SimOptions o;
  o.max_num_seqs = 2;
  Engine engine{o};
  for (uint64_t id = 1; id <= 4; ++id) engine.add({id, 100, 10});
  EXPECT_EQ(engine.num_waiting(), 4);
  engine.step();
  EXPECT_EQ(engine.num_running(), 2);
  EXPECT_EQ(engine.num_waiting(), 2);
  const auto times = run_to_end(engine);
  // The queued pair gets its first token only after the first pair finished.
  EXPECT_GT(times.at(3).front(), times.at(1).back());
  EXPECT_GT(times.at(4).front(), times.at(2).back());
  EXPECT_EQ(engine.counters().requests_finished_total, 4);
  EXPECT_EQ(engine.counters().generation_tokens_total, 40);
}

TEST(SimEngine, AbortFreesTheSlot) {
  SimOptions o;
  o.max_num_seqs = 1;
  Engine engine{o};
  engine.add({1, 10, 1000});
  engine.add({2, 10, 3});
  engine.step();
  EXPECT_EQ(engine.num_waiting(), 1);
  EXPECT_TRUE(engine.abort(1));
  EXPECT_FALSE(engine.abort(1));
  const auto times = run_to_end(engine);
  EXPECT_EQ(times.at(2).size(), 3u);
  EXPECT_EQ(engine.counters().requests_aborted_total, 1);
}

TEST(SimEngine, TokensPerChunkGroupsDecodeTokens) {
  SimOptions o;
  o.tokens_per_chunk = 4;
  Engine engine{o};
  engine.add({1, 10, 10});
  std::vector<int64_t> sizes;
  while (!engine.idle()) {
    for (const auto& out : engine.step().outputs) sizes.push_back(out.new_tokens);
  }
  EXPECT_EQ(sizes, (std::vector<int64_t>{1, 4, 4, 1}));
}

}  // namespace
}  // namespace sonde::sim
