// A shared_prefix scenario prepared against the in-process simulator (its /tokenize): group
// members share exactly the prefix's whole KV blocks, as the simulator's block hashes see them,
// so the expected hit share is what a prefix cache can give; lengths are calibrated.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "runner/scenario_exec.hpp"
#include "runner/shared_prefix_exec.hpp"
#include "sim/kv_cache.hpp"
#include "sim/sim_server.hpp"
#include "sim/tokenizer.hpp"
#include "workload/corpus.hpp"

namespace sonde {
namespace {

std::vector<int64_t> completion_ids(const std::string& text) {
  std::vector<int64_t> ids{sim::kBeginOfText};  // /v1/completions adds BOS
  const auto body = sim::encode_text(text);
  ids.insert(ids.end(), body.begin(), body.end());
  return ids;
}

std::size_t common_blocks(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

TEST(SharedPrefixExec, GroupsShareTheirPrefixBlocksOnlyAndTheExpectationCountsThem) {
  SimOptions o;
  o.port = 0;
  o.model = "test/model";
  o.served_model_name = "m";
  o.max_model_len = 16384;
  o.speed = 1e6;
  SimServer sim(o);
  sim.start();
  const Endpoint ep{"http://127.0.0.1:" + std::to_string(sim.port()), ApiEndpoint::completions,
                    std::nullopt};
  const Corpus corpus = Corpus::load("en");
  PromptFactory prompts(corpus, 5);
  ServerTokenCounter counter(ep, "m");
  RequestFactory f{ep, "m", "ab12cd34", GenerationParams{}, prompts, counter, 1, 0};
  ScenarioSpec spec;
  spec.name = "sp";
  spec.source = SharedPrefixSource{4, 8, 1024, 64, 8};
  spec.input_len = 1088;
  spec.output_len = 8;
  spec.requests = 32;
  spec.load = LoadShape::burst;
  spec.concurrency = 4;
  PromptCalibration cal;
  PreparedSource prepared;
  const DispatchPlan plan = prepare_scenario(f, spec, cal, 1, &prepared);
  const std::optional<SharedPrefixFacts>& facts = prepared.shared_prefix;
  sim.stop();
  ASSERT_EQ(plan.requests.size(), 32u);
  ASSERT_TRUE(facts.has_value());
  EXPECT_EQ(cal.method, "tokenize");
  EXPECT_LE(cal.max_error_pct, 1.0);  // whole prompts within the calibration tolerance
  EXPECT_NEAR(double(facts->prefix_tokens_min), 1024, 10.24);
  EXPECT_NEAR(double(facts->prefix_tokens_max), 1024, 10.24);
  EXPECT_EQ(f.nonce_counter, 4u);  // one nonce per group prefix

  std::vector<std::vector<uint64_t>> hashes;
  int64_t prompt_tokens = 0;
  std::set<std::string> bodies;
  for (const auto& r : plan.requests) {
    bodies.insert(r.body);
    const std::string text = nlohmann::json::parse(r.body)["prompt"];
    const auto ids = completion_ids(text);
    prompt_tokens += static_cast<int64_t>(ids.size());
    hashes.push_back(sim::prompt_block_hashes(ids, 16));
    EXPECT_EQ(r.round, r.index / 4);
  }
  EXPECT_EQ(bodies.size(), 32u);
  EXPECT_EQ(prompt_tokens, facts->prompt_tokens);  // the counts the simulator's tokenizer gives
  // What a prefix cache can serve: each request after its group's first finds the blocks it
  // shares with an earlier request of the group; other groups share nothing.
  int64_t cacheable = 0;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (i % 4 != j % 4) {
        EXPECT_EQ(common_blocks(hashes[i], hashes[j]), 0u) << i << " " << j;
      }
    }
    if (i >= 4) {
      const std::size_t shared = common_blocks(hashes[i], hashes[i % 4]);
      EXPECT_GE(shared, 63u);  // about 1024 / 16 blocks
      cacheable += static_cast<int64_t>(shared) * 16;
    }
  }
  EXPECT_EQ(cacheable, facts->cacheable_tokens);
  EXPECT_DOUBLE_EQ(facts->expected_prefix_hit_rate, double(cacheable) / double(prompt_tokens));
  EXPECT_EQ(facts->block_size, 16);
  EXPECT_EQ(facts->block_size_source, "default");
}

TEST(SharedPrefixExec, BlockSizeFromTheServersSettings) {
  EXPECT_EQ(kv_block_size({}), (std::pair<int, std::string>{16, "default"}));
  EXPECT_EQ(
      kv_block_size({{"max-num-seqs", "8", "launched"}, {"block-size", "32", "cache_config_info"}}),
      (std::pair<int, std::string>{32, "cache_config_info"}));
  EXPECT_EQ(kv_block_size({{"block-size", "None", "suite"}}),
            (std::pair<int, std::string>{16, "default"}));
}

}  // namespace
}  // namespace sonde
