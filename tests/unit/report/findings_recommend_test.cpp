// Rule recommendation: the best point for the goal among those meeting the SLOs, with the
// runner-up; nothing for a single run.
#include <gtest/gtest.h>

#include "findings_fixture.hpp"

namespace sonde {
namespace {

using namespace sonde::testing;
using report::ConclusionOptions;
using report::Goal;

// p01: fast but little throughput; p02: most throughput, slowest TTFT; p03: in between.
SweepResult three() {
  auto run = [](double tput, double ttft_p99, double tpot_p99) {
    Figures busy;
    busy.tput = tput, busy.ttft_p99 = ttft_p99, busy.tpot_p99 = tpot_p99;
    Figures lone;
    lone.tput = 100, lone.ttft_p99 = 200, lone.tpot_p99 = 10;
    return sim_run({scenario("lone", 1000, 1, lone), scenario("busy", 1000, 8, busy)});
  };
  return sweep_of({{"max-num-seqs", {"8", "64", "32"}}},
                  {point("p01", {{"max-num-seqs", "8"}}, {run(300, 500, 20)}),
                   point("p02", {{"max-num-seqs", "64"}}, {run(900, 2500, 30)}),
                   point("p03", {{"max-num-seqs", "32"}}, {run(800, 1200, 25)})});
}

report::Finding recommend(const SweepResult& s, const ConclusionOptions& opt, Lang lang = Lang::en) {
  return of_rule(report::sweep_findings(s, lang, opt), report::RuleId::recommendation).at(0);
}

ConclusionOptions goal(Goal g, std::vector<report::Slo> slos = {}) {
  ConclusionOptions o;
  o.goal = g;
  o.slos = std::move(slos);
  return o;
}

TEST(FindingRecommendation, ThroughputPicksTheBusiestBest) {
  const auto f = recommend(three(), goal(Goal::throughput));
  EXPECT_TRUE(f.measured);
  EXPECT_TRUE(contains(f.text, "use p02 (`max-num-seqs=64`): 900.0 tok/s at concurrency 8"))
      << f.text;
  EXPECT_TRUE(contains(f.text, "Runner-up: p03 (`max-num-seqs=32`), 11.1% behind.")) << f.text;
  EXPECT_TRUE(contains(f.evidence, "p02 900.0 tok/s, p03 800.0 tok/s, p01 300.0 tok/s"))
      << f.evidence;
  EXPECT_TRUE(contains(f.confidence, "11.1%")) << f.confidence;
  EXPECT_TRUE(contains(recommend(three(), goal(Goal::throughput), Lang::ko).text,
                       "p02(`max-num-seqs=64`)를 권장합니다"));
}

TEST(FindingRecommendation, SloFiltersPoints) {
  const auto f = recommend(three(), goal(Goal::throughput, {{"ttft_p99_ms", true, 2000}}));
  EXPECT_TRUE(contains(f.text, "2 of 3 points meet `ttft_p99_ms<=2000`.")) << f.text;
  EXPECT_TRUE(contains(f.text, "use p03")) << f.text;
  EXPECT_TRUE(contains(f.text, "Runner-up: p01")) << f.text;
}

TEST(FindingRecommendation, NoPointMeetsTheSlo) {
  const auto f = recommend(three(), goal(Goal::throughput, {{"ttft_p99_ms", true, 100}}));
  EXPECT_TRUE(
      contains(f.text, "None of the 3 points meets `ttft_p99_ms<=100`; the closest is shown."))
      << f.text;
  EXPECT_TRUE(contains(f.text, "use p01")) << f.text;  // 500 ms misses by least
}

TEST(FindingRecommendation, LatencyAndBalancedGoals) {
  EXPECT_TRUE(contains(recommend(three(), goal(Goal::latency)).text, "use p01"));
  const auto balanced = recommend(three(), goal(Goal::balanced));
  EXPECT_TRUE(contains(balanced.text, "use p01")) << balanced.text;
  EXPECT_TRUE(contains(balanced.text, "Runner-up: p03")) << balanced.text;
}

TEST(FindingRecommendation, NotForASingleRunOrWithoutOkPoints) {
  const SweepResult s = three();
  const auto single = of_rule(report::run_findings(s.points[0].runs[0], Lang::en, {}),
                              report::RuleId::recommendation)
                          .at(0);
  EXPECT_FALSE(single.measured);
  EXPECT_TRUE(contains(single.text, "sonde sweep examples/sweep-sim.yaml")) << single.text;
  SweepResult failed = three();
  for (auto& p : failed.points) p.status = PointStatus::crashed;
  EXPECT_FALSE(recommend(failed, goal(Goal::throughput)).measured);
}

}  // namespace
}  // namespace sonde
