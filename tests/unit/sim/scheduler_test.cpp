// The V1 scheduler's memory behaviour: preemption by recompute, prefix caching, chunked
// prefill on/off.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "sim/engine.hpp"

namespace sonde::sim {
namespace {

EngineRequest req(uint64_t id, int64_t prompt, int64_t output, std::vector<uint64_t> hashes = {}) {
  EngineRequest r;
  r.id = id;
  r.prompt_tokens = prompt;
  r.output_tokens = output;
  r.block_hashes = std::move(hashes);
  return r;
}

std::vector<uint64_t> hashes_of(int64_t n, int64_t first_id = 1000) {
  std::vector<int64_t> ids(static_cast<size_t>(n));
  std::iota(ids.begin(), ids.end(), first_id);
  return prompt_block_hashes(ids, 16);
}

// Options whose KV cache holds about `blocks` blocks: --gpu-memory-utilization chosen so.
SimOptions small_kv(int64_t blocks) {
  SimOptions o;
  o.max_model_len = 2048;
  const auto c = resolve_config(o);
  const double need =
      static_cast<double>(c.weight_bytes_per_gpu + c.non_torch_bytes + c.activation_reserve_bytes +
                          blocks * c.block_bytes_per_gpu + 4096);
  o.gpu_memory_utilization = need / static_cast<double>(c.gpu.memory_bytes());
  return o;
}

TEST(SimScheduler, PreemptsWhenBlocksRunOutAndStillCompletesEverything) {
  const SimOptions o = small_kv(150);
  ASSERT_FALSE(validate_startup(o).has_value());
  const auto c = resolve_config(o);
  EXPECT_EQ(c.num_gpu_blocks, 150);  // 2,400 tokens for 8 x 700
  Engine engine{c};
  for (uint64_t id = 1; id <= 8; ++id) engine.add(req(id, 400, 300));
  std::map<uint64_t, int64_t> received;
  std::map<uint64_t, int> finished;
  double peak_usage = 0;
  for (int guard = 0; !engine.idle() && guard < 100000; ++guard) {
    for (const auto& out : engine.step().outputs) {
      EXPECT_EQ(out.total_tokens, received[out.id] + out.new_tokens);  // no token twice
      received[out.id] = out.total_tokens;
      finished[out.id] += out.finished ? 1 : 0;
    }
    peak_usage = std::max(peak_usage, engine.counters().kv_cache_usage);
  }
  const auto s = engine.counters();
  EXPECT_GT(s.num_preemptions_total, 0);
  EXPECT_EQ(s.requests_finished_total, 8);
  for (uint64_t id = 1; id <= 8; ++id) {
    EXPECT_EQ(received[id], 300) << id;
    EXPECT_EQ(finished[id], 1) << id;
  }
  EXPECT_EQ(s.generation_tokens_total, 8 * 300);
  EXPECT_EQ(s.prompt_tokens_total, 8 * 400);  // counted once, not per recompute
  EXPECT_GT(peak_usage, 0.9);
  EXPECT_EQ(s.kv_cache_usage, 0);
}

// TTFT (simulated s) of a request with `hashes` sent after the engine went idle.
double ttft_after_idle(Engine& engine, uint64_t id, int64_t prompt, std::vector<uint64_t> hashes) {
  engine.add(req(id, prompt, 3, std::move(hashes)));
  double ttft = -1;
  while (!engine.idle()) {
    const auto out = engine.step();
    if (!out.ttft_s.empty()) ttft = out.ttft_s.front();
  }
  return ttft;
}

TEST(SimScheduler, PrefixCacheMakesARepeatedPromptFaster) {
  Engine engine{resolve_config(SimOptions{})};
  const double first = ttft_after_idle(engine, 1, 3000, hashes_of(3000));
  const double second = ttft_after_idle(engine, 2, 3000, hashes_of(3000));
  EXPECT_LT(second, first / 5);
  const auto s = engine.counters();
  EXPECT_EQ(s.prefix_cache_queries_total, 6000);
  EXPECT_EQ(s.prefix_cache_hits_total, 2992);  // whole blocks, the last token recomputed
  EXPECT_EQ(s.prompt_tokens_total, 6000);      // vLLM counts cached tokens as prompt tokens
  // A different prompt sharing only the first 100 tokens reuses 6 blocks.
  auto other = hashes_of(100);
  const auto tail = hashes_of(2900, 50000);
  other.insert(other.end(), tail.begin(), tail.end());
  ttft_after_idle(engine, 3, 3000, other);
  EXPECT_EQ(engine.counters().prefix_cache_hits_total, 2992 + 6 * 16);
  ttft_after_idle(engine, 4, 3000, {});  // no hashes: nothing to match
  EXPECT_EQ(engine.counters().prefix_cache_hits_total, 2992 + 6 * 16);
}

// vLLM V1 caches a step's full blocks when it allocates them: two requests with the same
// prompt admitted in one step share the first one's blocks (all but the last token's block).
TEST(SimScheduler, SamePromptsAdmittedInOneStepShareBlocks) {
  Engine engine{resolve_config(SimOptions{})};
  engine.add(req(1, 1000, 4, hashes_of(1000)));
  engine.add(req(2, 1000, 4, hashes_of(1000)));
  engine.step();
  EXPECT_EQ(engine.counters().prefix_cache_queries_total, 2000);
  EXPECT_EQ(engine.counters().prefix_cache_hits_total, 992);  // 62 whole blocks of 1000 tokens
}

// Each output carries the request's hit at its first admission (vLLM's num_cached_tokens); a
// recompute after preemption does not change it, so they add up to the hits counter.
TEST(SimScheduler, OutputsCarryTheFirstAdmissionsCachedTokens) {
  const SimOptions o = small_kv(150);
  Engine engine{resolve_config(o)};
  for (uint64_t id = 1; id <= 8; ++id) engine.add(req(id, 400, 300, hashes_of(400)));
  std::map<uint64_t, std::set<int64_t>> cached;
  for (int guard = 0; !engine.idle() && guard < 100000; ++guard) {
    for (const auto& out : engine.step().outputs) cached[out.id].insert(out.cached_tokens);
  }
  EXPECT_GT(engine.counters().num_preemptions_total, 0);
  int64_t sum = 0;
  for (uint64_t id = 1; id <= 8; ++id) {
    ASSERT_EQ(cached[id].size(), 1u) << id;  // one figure for the whole request
    sum += *cached[id].begin();
  }
  EXPECT_EQ(*cached[1].begin(), 0);    // the first one found nothing
  EXPECT_EQ(*cached[2].begin(), 384);  // the second its 24 whole blocks (of 25, last recomputed)
  EXPECT_EQ(sum, engine.counters().prefix_cache_hits_total);
}

TEST(SimScheduler, PrefixCachingOffNeverHits) {
  SimOptions o;
  o.enable_prefix_caching = false;
  Engine engine{resolve_config(o)};
  const double first = ttft_after_idle(engine, 1, 3000, hashes_of(3000));
  const double second = ttft_after_idle(engine, 2, 3000, hashes_of(3000));
  EXPECT_DOUBLE_EQ(first, second);
  EXPECT_EQ(engine.counters().prefix_cache_hits_total, 0);
}

TEST(SimScheduler, ChunkedPrefillOffServesALoneLongPromptSooner) {
  SimOptions on;
  on.max_num_batched_tokens = 2048;
  SimOptions off;
  off.enable_chunked_prefill = false;  // budget defaults to max_model_len
  Engine a{resolve_config(on)}, b{resolve_config(off)};
  const double ttft_on = ttft_after_idle(a, 1, 10000, {});
  const double ttft_off = ttft_after_idle(b, 1, 10000, {});
  EXPECT_LT(ttft_off, ttft_on);
}

// Largest gap between tokens of 4 running streams while 3 long prompts arrive.
double worst_stream_itl(const SimOptions& o) {
  Engine engine{resolve_config(o)};
  for (uint64_t id = 1; id <= 4; ++id) engine.add(req(id, 200, 400));
  std::map<uint64_t, double> last;
  double worst = 0;
  for (int step = 0; !engine.idle() && step < 100000; ++step) {
    if (step == 20 || step == 60 || step == 100) engine.add(req(100 + step, 8000, 2));
    for (const auto& out : engine.step().outputs) {
      if (out.id > 4) continue;
      if (last.count(out.id)) worst = std::max(worst, engine.now_s() - last[out.id]);
      last[out.id] = engine.now_s();
    }
  }
  return worst;
}

TEST(SimScheduler, ChunkedPrefillOffStallsRunningStreams) {
  SimOptions on;
  on.max_num_batched_tokens = 2048;
  SimOptions off;
  off.enable_chunked_prefill = false;
  EXPECT_GT(worst_stream_itl(off), 2 * worst_stream_itl(on));
}

TEST(SimScheduler, ChunkedPrefillOffBlocksAdmissionBehindALongPrompt) {
  SimOptions o;
  o.enable_chunked_prefill = false;
  o.max_num_batched_tokens = 32768;
  Engine engine{resolve_config(o)};
  engine.add(req(1, 30000, 5));
  engine.add(req(2, 5000, 5));  // does not fit what the first left of the budget
  engine.add(req(3, 10, 5));    // fits, but waits behind request 2 (FCFS)
  const auto first = engine.step();
  EXPECT_EQ(first.shape.prefill_tokens, 30000);
  EXPECT_EQ(engine.num_waiting(), 2);
  const auto second = engine.step();
  EXPECT_EQ(second.shape.prefill_tokens, 5010);  // both fit next step beside the decode
}

}  // namespace
}  // namespace sonde::sim
