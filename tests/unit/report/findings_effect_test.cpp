// Rule largest_effect: the setting that moved each headline metric most, against the spread.
#include <gtest/gtest.h>

#include "findings_fixture.hpp"

namespace sonde {
namespace {

using namespace sonde::testing;
using report::ConclusionOptions;

// TP 2 halves TPOT and raises throughput; a larger token budget halves long prompts' TTFT.
// `scale` multiplies every latency (a second run of the same point, off by a little).
RunResult tp_mnbt_run(int tp, int mnbt, double scale = 1) {
  const double tpot = (tp == 2 ? 5 : 10) * scale;
  const double ttft_long = (mnbt == 8192 ? 200 : 400) * (tp == 2 ? 0.95 : 1) * scale;
  const double ttft_short = (tp == 2 ? 95 : 100) * scale;
  const double tput = tp == 2 ? 900 : 500;
  return sim_run(
      {scenario("short", 1000, 4,
                {ttft_short, ttft_short * 1.5, tpot, tpot * 1.2, tpot * 2, tput, 1000 / tpot}),
       scenario("long", 10000, 4,
                {ttft_long, ttft_long * 1.5, tpot, tpot * 1.2, tpot * 2, tput * 0.8, 1000 / tpot})});
}

SweepResult tp_mnbt_sweep(int runs, double jitter) {
  std::vector<PointResult> points;
  int i = 1;
  for (int tp : {1, 2}) {
    for (int mnbt : {2048, 8192}) {
      std::vector<RunResult> rs;
      for (int r = 0; r < runs; ++r) rs.push_back(tp_mnbt_run(tp, mnbt, 1 + jitter * r));
      points.push_back(point("p0" + std::to_string(i++),
                             {{"tensor-parallel-size", std::to_string(tp)},
                              {"max-num-batched-tokens", std::to_string(mnbt)}},
                             rs));
    }
  }
  return sweep_of(
      {{"tensor-parallel-size", {"1", "2"}}, {"max-num-batched-tokens", {"2048", "8192"}}}, points);
}

const report::Finding& for_metric(const std::vector<report::Finding>& all, const std::string& label) {
  for (const auto& f : all) {
    if (f.text.rfind(label + ":", 0) == 0) return f;
  }
  throw std::runtime_error("no finding for " + label);
}

TEST(FindingLargestEffect, NamesTheSettingPerMetric) {
  const auto all = of_rule(report::sweep_findings(tp_mnbt_sweep(1, 0), Lang::en, {}),
                           report::RuleId::largest_effect);
  ASSERT_EQ(all.size(), 4u);  // TTFT p50, TTFT p99, TPOT p50, output tok/s
  const auto& tpot = for_metric(all, "TPOT p50");
  EXPECT_TRUE(tpot.measured);
  EXPECT_TRUE(contains(tpot.text, "`tensor-parallel-size` changed it most, by 100.0%")) << tpot.text;
  EXPECT_TRUE(contains(tpot.text, "`tensor-parallel-size=2` was better in 4 of 4")) << tpot.text;
  const auto& ttft = for_metric(all, "TTFT p50");
  EXPECT_TRUE(contains(ttft.text, "`max-num-batched-tokens` changed it most")) << ttft.text;
  EXPECT_TRUE(contains(ttft.text, "Next: `tensor-parallel-size`")) << ttft.text;
  EXPECT_TRUE(contains(ttft.evidence, "p01↔p02")) << ttft.evidence;
  // One run per point: the spread is unknown and the note says how to measure it.
  EXPECT_TRUE(contains(ttft.confidence, "runs: 3")) << ttft.confidence;
}

TEST(FindingLargestEffect, ComparesWithRunToRunSpread) {
  // Two runs per point, 2 % apart: a 100 % effect is strong.
  const auto all = of_rule(report::sweep_findings(tp_mnbt_sweep(2, 0.02), Lang::en, {}),
                           report::RuleId::largest_effect);
  const auto& tpot = for_metric(all, "TPOT p50");
  EXPECT_TRUE(contains(tpot.confidence, "spread of 2.0%")) << tpot.confidence;
  EXPECT_TRUE(contains(tpot.confidence, "strong")) << tpot.confidence;
}

TEST(FindingLargestEffect, KoreanNamesTheSameSetting) {
  const auto all = of_rule(report::sweep_findings(tp_mnbt_sweep(1, 0), Lang::ko, {}),
                           report::RuleId::largest_effect);
  const auto& tpot = for_metric(all, "TPOT p50");
  EXPECT_TRUE(contains(tpot.text, "`tensor-parallel-size`의 영향이 가장 컸습니다")) << tpot.text;
  EXPECT_TRUE(contains(tpot.confidence, "낮음")) << tpot.confidence;
}

TEST(FindingLargestEffect, NotForASingleRun) {
  const auto all = of_rule(report::run_findings(tp_mnbt_run(1, 2048), Lang::en, {}),
                           report::RuleId::largest_effect);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_FALSE(all[0].measured);
  EXPECT_TRUE(contains(all[0].text, "sonde sweep examples/sweep-sim.yaml")) << all[0].text;
}

TEST(FindingLargestEffect, NotWhenOnlyOnePointRan) {
  SweepResult s = tp_mnbt_sweep(1, 0);
  for (std::size_t i = 1; i < s.points.size(); ++i) s.points[i].status = PointStatus::oom_startup;
  const auto all = of_rule(report::sweep_findings(s, Lang::en, {}), report::RuleId::largest_effect);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_FALSE(all[0].measured);
}

TEST(FindingLargestEffect, ChangesWithinNoiseAreNotEffects) {
  // Two points 1 % apart in everything: no setting "mattered".
  auto run = [](double k) {
    return sim_run(
        {scenario("short", 1000, 4, {100 * k, 150 * k, 10 * k, 12 * k, 20 * k, 500 / k, 100 / k})});
  };
  const SweepResult s = sweep_of({{"tensor-parallel-size", {"1", "2"}}},
                                 {point("p01", {{"tensor-parallel-size", "1"}}, {run(1)}),
                                  point("p02", {{"tensor-parallel-size", "2"}}, {run(1.01)})});
  for (const auto& f :
       of_rule(report::sweep_findings(s, Lang::en, {}), report::RuleId::largest_effect)) {
    EXPECT_TRUE(contains(f.text, "no setting changed it clearly")) << f.text;
    EXPECT_FALSE(contains(f.text, "changed it most")) << f.text;
  }
}

}  // namespace
}  // namespace sonde
