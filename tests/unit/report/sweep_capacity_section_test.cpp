// The sweep report's capacity section and recommendation, in both languages, from a small sweep:
// ranked points, a dominated one, a point whose search found no load, a failed point, and a
// runner-up passed over for missing a --slo bound.
#include <gtest/gtest.h>

#include <sstream>

#include "analysis/capacity_ranking.hpp"
#include "report/sweep_capacity_section.hpp"
#include "report/sweep_markdown.hpp"

namespace sonde {
namespace {

CapacityResult answered(double rps, double tps, double tpot, double ttft_p99) {
  CapacityResult c;
  c.status = "found";
  c.slos.ttft_ms = 500;
  c.capacity = c.capacity_rps = rps;
  c.capacity_output_tps = tps;
  CapacityProbe p;
  p.load = p.rate = rps;
  p.passed = p.verification = true;
  p.completed = 50;
  p.tpot_ms = {tpot, tpot, tpot};
  p.ttft_ms = {ttft_p99 / 2, ttft_p99, ttft_p99};
  c.probes = {p};
  return c;
}

PointResult point(const std::string& name, const std::string& tp, PointStatus status) {
  PointResult p;
  p.name = name;
  p.settings = {{"tensor-parallel-size", tp}};
  p.status = status;
  return p;
}

SweepResult sweep(const std::vector<report::Slo>& slos) {
  SweepResult s;
  s.points = {point("p01", "1", PointStatus::ok), point("p02", "2", PointStatus::ok),
              point("p03", "1", PointStatus::ok), point("p04", "1", PointStatus::ok),
              point("p05", "4", PointStatus::oom_startup)};
  s.points[0].capacity = analysis::point_capacity(answered(10, 1000, 20, 300), 1, "points/p01/c");
  s.points[1].capacity = analysis::point_capacity(answered(16, 1600, 10, 200), 2, "points/p02/c");
  s.points[2].capacity = analysis::point_capacity(answered(12, 1200, 25, 900), 1, "points/p03/c");
  CapacityResult none;
  none.status = "lowest_fails";
  CapacityProbe low;
  low.attainment_pct = 42.5;
  none.probes = {low};
  s.points[3].capacity = analysis::point_capacity(none, 1, "points/p04/c");
  s.points[4].reason = "CUDA out of memory while loading the weights";
  s.capacity = analysis::decide_by_capacity(s, slos);
  return s;
}

std::string markdown(const SweepResult& s, Lang lang, const report::ConclusionOptions& o) {
  std::ostringstream out;
  write_sweep_markdown(s, lang, out, o);
  return out.str();
}

TEST(SweepCapacitySection, RanksEveryPointAndRecommendsTheFrontiersBest) {
  const std::string md = markdown(sweep({}), Lang::en, {});
  // (tok/s per user, output tok/s per GPU): p03 (40, 1200), p01 (50, 1000), p02 (100, 800): all
  // on the frontier; p03 has the most capacity per GPU (12 req/s), p01 is next (10).
  EXPECT_NE(md.find("| 1 | p03 | tensor-parallel-size=1 | 1 | 12.0 | 12.0 | 1,200 | 40.0 | 25.0 | "
                    "◆ | **recommended** |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| 2 | p01 |"), std::string::npos);
  EXPECT_NE(md.find("| 3 | p02 | tensor-parallel-size=2 | 2 | 16.0 | 8.00 | 800.0 | 100.0 |"),
            std::string::npos);
  EXPECT_NE(md.find("| — | p04 | tensor-parallel-size=1 | 1 |"), std::string::npos);
  EXPECT_NE(md.find("no load met the SLOs (lowest probe: 42.5 % attainment)"), std::string::npos);
  EXPECT_NE(md.find("| — | p05 | tensor-parallel-size=4 | — |"), std::string::npos);
  EXPECT_NE(md.find("`oom_startup`: CUDA out of memory"), std::string::npos);
  EXPECT_NE(md.find("![Every point with a capacity"), std::string::npos);
  EXPECT_NE(md.find("(capacity-pareto.svg)"), std::string::npos);
  EXPECT_NE(md.find("Recommended: p03 (`tensor-parallel-size=1`)"), std::string::npos);
  EXPECT_NE(md.find("Runner-up: p01 (`tensor-parallel-size=1`), also on the frontier: 16.7% less "
                    "capacity per GPU for 25.0% more tokens/s per user"),
            std::string::npos)
      << md;
  // Capacity alone: no empty per-scenario sections.
  EXPECT_EQ(md.find("## 3."), std::string::npos);
  const std::string ko = markdown(sweep({}), Lang::ko, {});
  EXPECT_NE(ko.find("## GPU당 용량"), std::string::npos);
  EXPECT_NE(ko.find("p03(`tensor-parallel-size=1`)를 권장합니다"), std::string::npos);
}

TEST(SweepCapacitySection, ARunnerUpMissingABoundSaysWhich) {
  // p03's TTFT p99 at its capacity is 900 ms: outside ttft_p99_ms<=500. Then p01 leads and p02
  // is the frontier runner-up; drop p02 and p03 is the runner-up, passed over for its TTFT.
  const std::vector<report::Slo> slos{{"ttft_p99_ms", true, 500}};
  report::ConclusionOptions o;
  o.slos = slos;
  SweepResult s = sweep(slos);
  EXPECT_EQ(s.capacity->recommended, "p01");
  s.points.erase(s.points.begin() + 1);
  s.capacity = analysis::decide_by_capacity(s, slos);
  const std::string md = markdown(s, Lang::en, o);
  EXPECT_NE(md.find("Runner-up: p03 (`tensor-parallel-size=1`) is passed over: at its capacity "
                    "it misses `ttft_p99_ms<=500`."),
            std::string::npos)
      << md;
}

TEST(SweepCapacitySection, NoDecisionNoSectionNoChart) {
  SweepResult s;
  s.points = {point("p01", "1", PointStatus::ok)};
  EXPECT_FALSE(report::capacity_ranking_section(s, Lang::en, {}));
  EXPECT_FALSE(report::pareto_figure(s, sweep_messages(Lang::en)));
}

}  // namespace
}  // namespace sonde
