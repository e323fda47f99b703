#include "sim/engine.hpp"

#include <gtest/gtest.h>

#include "sim/speculation.hpp"

#include <algorithm>
#include <map>

namespace sonde::sim {
namespace {

// Runs the engine until idle; returns per request the simulated times at which its tokens
// became visible (one entry per step that produced tokens).
std::map<uint64_t, std::vector<double>> run_to_end(Engine& engine) {
  std::map<uint64_t, std::vector<double>> times;
  for (int guard = 0; !engine.idle() && guard < 200000; ++guard) {
    const auto out = engine.step();
    for (const auto& o : out.outputs) times[o.id].push_back(engine.now_s());
  }
  EXPECT_TRUE(engine.idle());
  return times;
}

EngineRequest req(uint64_t id, int64_t prompt, int64_t output) {
  EngineRequest r;
  r.id = id;
  r.prompt_tokens = prompt;
  r.output_tokens = output;
  return r;
}

SimConfig config(const SimOptions& o = {}) { return resolve_config(o); }

double ttft_alone(int64_t prompt_tokens) {
  Engine engine{config()};
  engine.add(req(1, prompt_tokens, 4));
  return run_to_end(engine)[1].front();
}

TEST(SimEngine, TtftGrowsWithPromptLength) {
  const double t1k = ttft_alone(1000), t3k = ttft_alone(3000), t10k = ttft_alone(10000);
  EXPECT_LT(t1k, t3k);
  EXPECT_LT(t3k, t10k);
  // 8192-token steps: a 10k prompt needs two, so its first token comes at the end of the second.
  Engine engine{config()};
  engine.add(req(1, 10000, 2));
  EXPECT_TRUE(engine.step().outputs.empty());
  EXPECT_EQ(engine.step().outputs.size(), 1u);
}

TEST(SimEngine, LongPromptIsChunkedAcrossSteps) {
  SimOptions o;
  o.max_num_batched_tokens = 1000;
  o.max_num_seqs = 256;
  Engine engine{config(o)};
  engine.add(req(1, 2500, 2));
  EXPECT_TRUE(engine.step().outputs.empty());  // 1000
  EXPECT_TRUE(engine.step().outputs.empty());  // 2000
  const auto third = engine.step();            // last 500 tokens + first output token
  ASSERT_EQ(third.outputs.size(), 1u);
  EXPECT_EQ(third.shape.prefill_tokens, 500);
  EXPECT_EQ(engine.counters().prompt_tokens_total, 2500);
}

TEST(SimEngine, ItlGrowsWithRunningRequests) {
  auto mean_itl = [](int n) {
    Engine engine{config()};
    for (int i = 0; i < n; ++i) engine.add(req(static_cast<uint64_t>(i + 1), 100, 50));
    const auto t = run_to_end(engine)[1];
    return (t.back() - t.front()) / static_cast<double>(t.size() - 1);
  };
  const double one = mean_itl(1), eight = mean_itl(8), many = mean_itl(200);
  EXPECT_GT(one, 0.006);  // H100 + Llama-3.1-8B bf16: ~7 ms per decode step at batch 1
  EXPECT_LT(one, 0.008);
  EXPECT_GT(eight, one);
  EXPECT_GT(many, eight);
}

TEST(SimEngine, MaxNumSeqsQueuesTheRest) {
  SimOptions o;
  o.max_num_seqs = 2;
  Engine engine{config(o)};
  for (uint64_t id = 1; id <= 4; ++id) engine.add(req(id, 100, 10));
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

TEST(SimEngine, AbortFreesTheSlotAndBlocks) {
  SimOptions o;
  o.max_num_seqs = 1;
  Engine engine{config(o)};
  engine.add(req(1, 100, 1000));
  engine.add(req(2, 10, 3));
  engine.step();
  EXPECT_EQ(engine.num_waiting(), 1);
  EXPECT_GT(engine.counters().kv_cache_usage, 0);
  EXPECT_TRUE(engine.abort(1));
  EXPECT_FALSE(engine.abort(1));
  const auto times = run_to_end(engine);
  EXPECT_EQ(times.at(2).size(), 3u);
  EXPECT_EQ(engine.counters().requests_aborted_total, 1);
  EXPECT_EQ(engine.counters().kv_cache_usage, 0);
}

TEST(SimEngine, TokensPerChunkGroupsDecodeTokens) {
  SimOptions o;
  o.tokens_per_chunk = 4;
  Engine engine{config(o)};
  engine.add(req(1, 10, 10));
  std::vector<int64_t> sizes;
  while (!engine.idle()) {
    for (const auto& out : engine.step().outputs) sizes.push_back(out.new_tokens);
  }
  EXPECT_EQ(sizes, (std::vector<int64_t>{1, 4, 4, 1}));
}

TEST(SimEngine, PerPositionAcceptanceGivesTheReportedRate) {
  // (p + p^2 + p^3) / 3 = 0.7 needs p above 0.7: later positions are reached less often.
  const double p = per_position_acceptance(3, 0.7);
  EXPECT_NEAR((p + p * p + p * p * p) / 3, 0.7, 1e-9);
  EXPECT_GT(p, 0.8);
  EXPECT_DOUBLE_EQ(per_position_acceptance(1, 0.7), 0.7);
  EXPECT_DOUBLE_EQ(per_position_acceptance(4, 0), 0);
  EXPECT_DOUBLE_EQ(per_position_acceptance(4, 1), 1);
  EXPECT_EQ(draw_accepted(p, 3, 7, 11), draw_accepted(p, 3, 7, 11));  // deterministic
  EXPECT_EQ(draw_accepted(1.0, 3, 7, 11), 3);
  EXPECT_EQ(draw_accepted(0.0, 3, 7, 11), 0);
}

TEST(SimEngine, SpeculativeDecodingYieldsOnePlusTheAcceptedTokens) {
  for (const double rate : {0.3, 0.7, 0.9}) {
    SimOptions o;
    o.speculative_tokens = 3;
    o.acceptance_rate = rate;
    Engine engine{config(o)};
    for (uint64_t id = 1; id <= 40; ++id) engine.add(req(id, 50, 200));
    std::map<uint64_t, int64_t> generated;
    while (!engine.idle()) {
      for (const auto& out : engine.step().outputs) {
        EXPECT_GE(out.new_tokens, 1);
        EXPECT_LE(out.new_tokens, 4);  // the draft of 3 and the bonus token
        generated[out.id] += out.new_tokens;
      }
    }
    for (const auto& [id, n] : generated) EXPECT_EQ(n, 200) << "request " << id;
    const SimStats s = engine.counters();
    EXPECT_EQ(s.generation_tokens_total, 40 * 200);
    ASSERT_GT(s.spec_decode_draft_tokens_total, 1000);
    const double reported =
        double(s.spec_decode_accepted_tokens_total) / double(s.spec_decode_draft_tokens_total);
    EXPECT_NEAR(reported, rate, 0.03) << "asked for " << rate;
    ASSERT_EQ(s.spec_decode_accepted_per_pos.size(), 3u);
    EXPECT_GE(s.spec_decode_accepted_per_pos[0], s.spec_decode_accepted_per_pos[1]);
    EXPECT_GE(s.spec_decode_accepted_per_pos[1], s.spec_decode_accepted_per_pos[2]);
  }
}

TEST(SimEngine, SpeculationShortensDecode) {
  // A 3-token draft verified in one step costs little more than one decode step (memory-bound),
  // so at a 0.7 acceptance rate the same answer finishes in fewer, barely longer steps.
  const auto finish = [](int k) {
    SimOptions o;
    o.speculative_tokens = k;
    Engine engine{config(o)};
    engine.add(req(1, 100, 300));
    return run_to_end(engine)[1].back();
  };
  EXPECT_LT(finish(3), 0.6 * finish(0));
}

TEST(SimEngine, PhaseTimesAreOrdered) {
  Engine engine{config()};
  engine.add(req(1, 3000, 5));
  std::vector<FinishedRequest> done;
  while (!engine.idle()) {
    auto out = engine.step();
    done.insert(done.end(), out.finished.begin(), out.finished.end());
  }
  ASSERT_EQ(done.size(), 1u);
  const auto& r = done[0];
  EXPECT_EQ(r.reason, "length");
  EXPECT_EQ(r.generation_tokens, 5);
  EXPECT_LE(r.arrival_s, r.scheduled_s);
  EXPECT_LT(r.scheduled_s, r.first_token_s);
  EXPECT_LT(r.first_token_s, r.last_token_s);
}

}  // namespace
}  // namespace sonde::sim
