// Rule bandwidth_bound: decode speed against bandwidth ÷ weight bytes per GPU.
#include <gtest/gtest.h>

#include "findings_fixture.hpp"

namespace sonde {
namespace {

using namespace sonde::testing;
using report::ConclusionOptions;

Figures decoding(double tok_s, double tput) {
  Figures f;
  f.decode = tok_s;
  f.tput = tput;
  return f;
}

RunResult h100_run(std::vector<ServerSetting> settings = {}) {
  return sim_run(
      {scenario("lone", 1000, 1, decoding(150, 140)), scenario("busy", 1000, 4, decoding(120, 500))},
      std::move(settings));
}

report::Finding bandwidth(const RunResult& run, const ConclusionOptions& opt = {},
                          Lang lang = Lang::en) {
  return of_rule(report::run_findings(run, lang, opt), report::RuleId::bandwidth_bound).at(0);
}

TEST(FindingBandwidth, SimulatedH100FromItsProfile) {
  // 3,350 GB/s ÷ (8.03 B × 2 bytes) = 208.6 tok/s per stream; 150 tok/s is 71.9 % of it.
  const auto f = bandwidth(h100_run());
  EXPECT_TRUE(f.measured);
  EXPECT_TRUE(contains(f.text,
                       "`lone` (concurrency 1) ran at 150.0 tok/s, 71.9% of the memory-bandwidth "
                       "bound of 208.6 tok/s"))
      << f.text;
  EXPECT_TRUE(contains(f.text, "3,350 GB/s ÷ 16.1 GB of weights per GPU at tensor-parallel-size 1"))
      << f.text;
  EXPECT_TRUE(contains(
      f.text, "`busy` reached 500.0 tok/s at concurrency 4, 59.9% of 4 × the bound (834.4 tok/s)"))
      << f.text;
  EXPECT_TRUE(contains(f.text, "memory-bandwidth bound, as expected")) << f.text;
  EXPECT_TRUE(contains(f.evidence, "NVIDIA H100 80GB HBM3: 3,350 GB/s (built-in profile)"))
      << f.evidence;
  EXPECT_TRUE(contains(f.evidence, "llama-3.1-8b: 8.03 B parameters")) << f.evidence;
  const auto ko = bandwidth(h100_run(), {}, Lang::ko);
  EXPECT_TRUE(contains(ko.text, "208.6 tok/s")) << ko.text;
}

TEST(FindingBandwidth, TensorParallelAndQuantizationShrinkTheWeights) {
  const auto tp2 = bandwidth(h100_run({{"tensor-parallel-size", "2", "simulator"}}));
  EXPECT_TRUE(contains(tp2.text, "bound of 417.2 tok/s")) << tp2.text;
  const auto awq = bandwidth(h100_run({{"quantization", "awq", "simulator"}}));
  EXPECT_TRUE(contains(awq.text, "bound of 834.4 tok/s")) << awq.text;
  EXPECT_TRUE(contains(awq.text, "well below the bound")) << awq.text;  // 150 of 834 = 18 %
}

TEST(FindingBandwidth, FlagsOverrideTheProfiles) {
  ConclusionOptions opt;
  opt.gpu_bandwidth_gbs = 2000;
  opt.model_params_b = 4;
  // 2,000 ÷ (4 × 2) = 250 tok/s.
  const auto f = bandwidth(h100_run(), opt);
  EXPECT_TRUE(contains(f.text, "bound of 250.0 tok/s")) << f.text;
  EXPECT_TRUE(contains(f.evidence, "2,000 GB/s (from the flag)")) << f.evidence;
}

TEST(FindingBandwidth, RealServerWithUnknownGpuIsNotMeasured) {
  RunResult run = h100_run();
  run.simulated = false;
  run.sim_profile.clear();
  const auto f = bandwidth(run);
  EXPECT_FALSE(f.measured);
  EXPECT_TRUE(contains(f.text, "--gpu-bandwidth-gbs")) << f.text;
  // With the bandwidth given, the model is still recognised from --model.
  ConclusionOptions opt;
  opt.gpu_bandwidth_gbs = 3350;
  EXPECT_TRUE(bandwidth(run, opt).measured);
  run.target.model = "my-own-model";
  const auto params = bandwidth(run, opt);
  EXPECT_FALSE(params.measured);
  EXPECT_TRUE(contains(params.text, "--model-params")) << params.text;
}

TEST(FindingBandwidth, NotMeasuredWithoutDecode) {
  RunResult run = h100_run();
  for (auto& sc : run.scenarios) sc.summary.decode_tokens_per_s = Distribution{};
  const auto f = bandwidth(run);
  EXPECT_FALSE(f.measured);
  EXPECT_TRUE(contains(f.text, "output_len")) << f.text;
}

TEST(FindingBandwidth, SweepRangeOverPoints) {
  const SweepResult s = sweep_of({{"tensor-parallel-size", {"1", "2"}}},
                                 {point("p01", {{"tensor-parallel-size", "1"}},
                                        {h100_run({{"tensor-parallel-size", "1", "simulator"}})}),
                                  point("p02", {{"tensor-parallel-size", "2"}},
                                        {h100_run({{"tensor-parallel-size", "2", "simulator"}})})});
  const auto f =
      of_rule(report::sweep_findings(s, Lang::en, {}), report::RuleId::bandwidth_bound).at(0);
  // The same 150 tok/s is 71.9 % of TP 1's bound and 36.0 % of TP 2's.
  EXPECT_TRUE(contains(f.text, "reached 36.0% to 71.9% of the bound")) << f.text;
  EXPECT_TRUE(contains(f.text, "lowest p02")) << f.text;
}

}  // namespace
}  // namespace sonde
