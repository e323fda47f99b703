// analysis/capacity_ranking: per-GPU figures from a capacity search, the frontier, the ranking
// and the recommendation over a fixture sweep with a dominated point, a failed point, a point
// whose search found no load within the SLOs and one missing a --slo bound at its capacity.
#include "analysis/capacity_ranking.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace sonde::analysis {
namespace {

// A search answered at `rps` with output `tps` tok/s and TPOT p50 `tpot` ms at the answer.
CapacityResult answered(double rps, double tps, double tpot, double ttft_p99 = 100) {
  CapacityResult c;
  c.status = "found";
  c.capacity = rps;
  c.capacity_rps = rps;
  c.capacity_output_tps = tps;
  CapacityProbe probe;
  probe.load = rps;
  probe.rate = rps;
  probe.passed = true;
  probe.verification = true;
  probe.completed = 100;
  probe.tpot_ms = {tpot, tpot * 1.2, tpot * 1.5};
  probe.ttft_ms = {ttft_p99 / 2, ttft_p99 * 0.9, ttft_p99};
  CapacityProbe earlier = probe;  // a failing probe above the answer: not the answer's figures
  earlier.load = rps * 2;
  earlier.passed = false;
  earlier.verification = false;
  earlier.tpot_ms = {tpot * 3, tpot * 3, tpot * 3};
  c.probes = {earlier, probe};
  return c;
}

PointResult point(const std::string& name, PointStatus status, std::optional<PointCapacity> c) {
  PointResult p;
  p.name = name;
  p.status = status;
  p.capacity = std::move(c);
  return p;
}

// p01: TP1, 10 req/s, 1000 tok/s, TPOT 20 ms (50 tok/s per user)    -> frontier
// p02: TP2, 16 req/s, 1600 tok/s (800/GPU), TPOT 10 ms (100 per user) -> frontier
// p03: TP1,  8 req/s,  800 tok/s, TPOT 25 ms (40 per user)           -> dominated by p01
// p04: TP1, 14 req/s, 1400 tok/s, TPOT 40 ms (25 per user), TTFT p99 3000 ms -> frontier
// p05: oom_startup, never measured; p06: no load met the SLOs (lowest_fails)
SweepResult fixture() {
  SweepResult s;
  s.points.push_back(point("p01", PointStatus::ok, point_capacity(answered(10, 1000, 20), 1, "a")));
  s.points.push_back(point("p02", PointStatus::ok, point_capacity(answered(16, 1600, 10), 2, "b")));
  s.points.push_back(point("p03", PointStatus::ok, point_capacity(answered(8, 800, 25), 1, "c")));
  s.points.push_back(
      point("p04", PointStatus::ok, point_capacity(answered(14, 1400, 40, 3000), 1, "d")));
  s.points.push_back(point("p05", PointStatus::oom_startup, std::nullopt));
  CapacityResult none;
  none.status = "lowest_fails";
  s.points.push_back(point("p06", PointStatus::ok, point_capacity(none, 1, "f")));
  return s;
}

TEST(CapacityRanking, PerGpuFiguresComeFromTheVerifiedAnswer) {
  const PointCapacity c = point_capacity(answered(16, 1600, 10), 2, "points/p02/capacity");
  EXPECT_EQ(c.gpus, 2);
  EXPECT_DOUBLE_EQ(*c.capacity_per_gpu, 8);
  EXPECT_DOUBLE_EQ(*c.output_tps_per_gpu, 800);
  EXPECT_DOUBLE_EQ(*c.tpot_p50_ms, 10);  // the verification probe's, not the failing one's
  EXPECT_DOUBLE_EQ(*c.tokens_per_user, 100);
  CapacityResult none;
  none.status = "lowest_fails";
  const PointCapacity n = point_capacity(none, 0, "x");
  EXPECT_EQ(n.gpus, 1);
  EXPECT_FALSE(n.capacity_per_gpu || n.tokens_per_user);
}

TEST(CapacityRanking, FrontierRankingAndRecommendationWithoutBounds) {
  const auto d = decide_by_capacity(fixture(), {});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->pareto, (std::vector<std::string>{"p04", "p01", "p02"}));  // by tok/s per user
  EXPECT_EQ(d->ranking, (std::vector<std::string>{"p04", "p01", "p02", "p03"}));
  // p04 has the most capacity per GPU (14) and is on the frontier; p01 (10) is next.
  EXPECT_EQ(d->recommended, "p04");
  EXPECT_EQ(d->runner_up, "p01");
  EXPECT_EQ(d->runner_up_reason, RunnerUpReason::less_capacity);
}

TEST(CapacityRanking, APointMissingAnSloIsPassedOver) {
  // p04's TTFT p99 at its capacity is 3000 ms: outside ttft_p99_ms<=2000.
  const auto d = decide_by_capacity(fixture(), {Slo{"ttft_p99_ms", true, 2000}});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->within_slos, (std::vector<std::string>{"p01", "p02", "p03"}));
  EXPECT_EQ(d->recommended, "p01");
  EXPECT_EQ(d->runner_up, "p02");
  EXPECT_EQ(d->runner_up_reason, RunnerUpReason::less_capacity);
  // A bound the answer does not measure (ITL) is not held against anyone.
  const auto itl = decide_by_capacity(fixture(), {Slo{"itl_p99_ms", true, 1}});
  EXPECT_EQ(itl->recommended, "p04");
}

TEST(CapacityRanking, ADominatedRunnerUpNamesWhoBeatsIt) {
  // TPOT p99 at capacity: p02 15 ms, p01 30 ms, p03 37.5 ms, p04 60 ms: p01 and p02 within.
  const auto d =
      decide_by_capacity(fixture(), {Slo{"output_tok_s", false, 700}, Slo{"tpot_p99_ms", true, 30}});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->recommended, "p01");
  EXPECT_EQ(d->runner_up, "p02");  // frontier, within, less capacity per GPU (8 < 10)
  SweepResult s = fixture();
  s.points.erase(s.points.begin() + 1);  // without p02, the next is dominated p03
  const auto e = decide_by_capacity(s, {Slo{"tpot_p50_ms", true, 30}});
  EXPECT_EQ(e->recommended, "p01");
  EXPECT_EQ(e->runner_up, "p03");
  EXPECT_EQ(e->runner_up_reason, RunnerUpReason::off_frontier);
  EXPECT_EQ(e->dominated_by, "p01");
}

TEST(CapacityRanking, MissingEverySloRecommendsNothing) {
  const auto d = decide_by_capacity(fixture(), {Slo{"tpot_p50_ms", true, 5}});
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->within_slos.empty());
  EXPECT_EQ(d->recommended, "");
  EXPECT_EQ(d->runner_up, "");
  EXPECT_EQ(d->ranking.size(), 4u);  // still ranked: the table shows them all
}

TEST(CapacityRanking, NoCapacityBlockNoDecision) {
  SweepResult s;
  s.points.push_back(point("p01", PointStatus::ok, std::nullopt));
  EXPECT_FALSE(decide_by_capacity(s, {}));
}

}  // namespace
}  // namespace sonde::analysis
