// Rule memory_limit: KV cache capacity, the concurrency it implies, the server's own line,
// observed usage and points that did not fit.
#include <gtest/gtest.h>

#include "findings_fixture.hpp"

namespace sonde {
namespace {

using namespace sonde::testing;

RunResult cache_run(const std::string& blocks) {
  return sim_run(
      {scenario("long", 10000, 4, {})},
      {{"block-size", "16", "cache_config_info"}, {"num-gpu-blocks", blocks, "cache_config_info"}});
}

TEST(FindingMemoryLimit, RunCapacityFromCacheConfig) {
  // 28,160 blocks × 16 = 450,560 tokens; a 10k request takes 625 blocks → 45.06 at once.
  RunResult run = cache_run("28160");
  ServerMetricsDelta sm;
  sm.kv_cache_usage_peak = 0.25;
  sm.num_requests_running_peak = 4;
  sm.num_requests_waiting_peak = 0;
  sm.num_preemptions = 0;
  run.scenarios[0].server_metrics = sm;
  const auto f = of_rule(report::run_findings(run, Lang::en, {}), report::RuleId::memory_limit).at(0);
  EXPECT_TRUE(f.measured);
  EXPECT_TRUE(contains(f.text, "450,560 tokens")) << f.text;
  EXPECT_TRUE(contains(f.text, "28,160 blocks × 16 tokens")) << f.text;
  EXPECT_TRUE(contains(f.text, "446 requests of 1k")) << f.text;
  EXPECT_TRUE(contains(f.text, "45 of 10k")) << f.text;
  // The run's own longest request: 10,000 + 128 tokens = 634 blocks.
  EXPECT_TRUE(contains(f.text, "`long` (10,128 tokens), fits 44 times")) << f.text;
  EXPECT_TRUE(contains(f.text, "peaked at 25.0% in `long`")) << f.text;
  EXPECT_TRUE(contains(f.text, "No request was preempted.")) << f.text;
}

TEST(FindingMemoryLimit, SweepAgreesWithTheStartupLine) {
  // 200,000 tokens; vLLM: 16.28x for 12,288 tokens (768 blocks: 12,500 / 768 = 16.28).
  PointResult p = point("p01", {{"tensor-parallel-size", "1"}}, {cache_run("12500")});
  p.startup_facts = StartupFacts{200000, 16.28, 12288, {}, {}, {}};
  PointResult q = point("p02", {{"tensor-parallel-size", "2"}}, {cache_run("25000")});
  q.startup_facts = StartupFacts{400000, 32.55, 12288, {}, {}, {}};
  PointResult oom = point("p03", {{"gpu", "l4"}}, {}, PointStatus::oom_startup);
  oom.reason = "CUDA out of memory";
  const SweepResult s = sweep_of({{"tensor-parallel-size", {"1", "2"}}}, {p, q, oom});
  const auto f = of_rule(report::sweep_findings(s, Lang::en, {}), report::RuleId::memory_limit).at(0);
  EXPECT_TRUE(f.measured);
  EXPECT_TRUE(contains(f.text, "p01: KV cache 200,000 tokens (vLLM's start-up log)")) << f.text;
  EXPECT_TRUE(contains(f.text, "20 of 10k")) << f.text;
  EXPECT_TRUE(contains(f.text, "16.28x for 12,288 tokens per request, i.e. 20.00 at 10k")) << f.text;
  EXPECT_TRUE(contains(f.text, "p02: KV cache 400,000 tokens")) << f.text;
  EXPECT_TRUE(contains(f.text, "40 of 10k")) << f.text;
  EXPECT_TRUE(contains(f.text, "p03 (`oom_startup`: CUDA out of memory)")) << f.text;
  EXPECT_TRUE(contains(f.confidence, "agree")) << f.confidence;
  const auto ko =
      of_rule(report::sweep_findings(s, Lang::ko, {}), report::RuleId::memory_limit).at(0);
  EXPECT_TRUE(contains(ko.text, "10k 20개")) << ko.text;
}

TEST(FindingMemoryLimit, FlagsADisagreement) {
  PointResult p = point("p01", {}, {cache_run("12500")});
  p.startup_facts = StartupFacts{200000, 8.0, 12288, {}, {}, {}};
  const auto f =
      of_rule(report::sweep_findings(sweep_of({}, {p}), Lang::en, {}), report::RuleId::memory_limit)
          .at(0);
  EXPECT_TRUE(contains(f.confidence, "differ by")) << f.confidence;
}

TEST(FindingMemoryLimit, NotMeasuredWithoutCapacityOrUsage) {
  const auto f = of_rule(report::run_findings(sim_run({scenario("s", 1000, 1, {})}), Lang::en, {}),
                         report::RuleId::memory_limit)
                     .at(0);
  EXPECT_FALSE(f.measured);
  EXPECT_TRUE(contains(f.text, "vllm:cache_config_info")) << f.text;
}

}  // namespace
}  // namespace sonde
