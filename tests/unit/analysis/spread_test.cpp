// Run-to-run spread and significance (docs/metrics.md): the one rule tables and conclusions use.
#include "analysis/spread.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

namespace sonde::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct RepeatCase {
  const char* what;
  std::vector<double> runs;
  int n;
  double mean, min, max;
  std::optional<double> range;  // relative range
};

TEST(Spread, RepeatStatAndRelativeRange) {
  const RepeatCase cases[] = {
      {"empty", {}, 0, kNaN, kNaN, kNaN, std::nullopt},
      {"n=1: spread unknown, not zero", {100}, 1, 100, 100, 100, std::nullopt},
      {"n=2", {90, 110}, 2, 100, 90, 110, 0.2},
      {"n=3", {96, 104, 100}, 3, 100, 96, 104, 0.08},
      {"ties: zero spread is known", {50, 50}, 2, 50, 50, 50, 0.0},
      {"non-finite runs skipped", {kNaN, 10, kInf, 30}, 2, 20, 10, 30, 1.0},
      {"mean 0: no relative range", {0, 0}, 2, 0, 0, 0, std::nullopt},
      {"negative mean: no relative range", {-1, -3}, 2, -2, -3, -1, std::nullopt},
  };
  for (const RepeatCase& c : cases) {
    SCOPED_TRACE(c.what);
    const RepeatStat s = repeat_stat(c.runs);
    EXPECT_EQ(s.n, c.n);
    if (std::isnan(c.mean)) {
      EXPECT_TRUE(std::isnan(s.mean) && std::isnan(s.min) && std::isnan(s.max));
    } else {
      EXPECT_DOUBLE_EQ(s.mean, c.mean);
      EXPECT_DOUBLE_EQ(s.min, c.min);
      EXPECT_DOUBLE_EQ(s.max, c.max);
    }
    const auto r = relative_range(s);
    ASSERT_EQ(r.has_value(), c.range.has_value());
    if (r) {
      EXPECT_DOUBLE_EQ(*r, *c.range);
    }
  }
}

TEST(Spread, PooledOverRepeatedOnly) {
  EXPECT_FALSE(pooled_spread({}).has_value());
  EXPECT_FALSE(pooled_spread({repeat_stat({100}), repeat_stat({})}).has_value());
  // Single runs do not dilute the mean: (0.2 + 0.0) / 2.
  const auto s = pooled_spread({repeat_stat({90, 110}), repeat_stat({7}), repeat_stat({50, 50})});
  ASSERT_TRUE(s.has_value());
  EXPECT_DOUBLE_EQ(*s, 0.1);
}

struct ClassifyCase {
  const char* what;
  double change;
  std::optional<double> spread;
  Difference difference;
  bool significant;
  Strength strength;
};

TEST(Spread, ClassifySignificantStrength) {
  const ClassifyCase cases[] = {
      {"beyond twice the spread", 0.25, 0.1, Difference::real, true, Strength::strong},
      {"beyond the spread, sign ignored", -0.15, 0.1, Difference::real, true, Strength::weak},
      {"tie with the spread is noise", 0.1, 0.1, Difference::within_spread, false, Strength::noise},
      {"tie with twice the spread is weak", 0.2, 0.1, Difference::real, true, Strength::weak},
      {"within the spread", 0.04, 0.1, Difference::within_spread, false, Strength::noise},
      {"zero spread: any change is real", 0.001, 0.0, Difference::real, true, Strength::strong},
      {"zero change, zero spread", 0.0, 0.0, Difference::within_spread, false, Strength::noise},
      {"no repeats: floor decides, table unmarked", 0.06, std::nullopt, Difference::unknown, true,
       Strength::unknown},
      {"no repeats, below the floor", -0.05, std::nullopt, Difference::unknown, false,
       Strength::unknown},
      {"not finite", kNaN, 0.1, Difference::unknown, false, Strength::unknown},
      {"infinite", kInf, std::nullopt, Difference::unknown, false, Strength::unknown},
  };
  for (const ClassifyCase& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(classify(c.change, c.spread), c.difference);
    EXPECT_EQ(significant(c.change, c.spread), c.significant);
    EXPECT_EQ(strength(c.change, c.spread), c.strength);
  }
}

// A point named `name` with one run per value of scenario "s" (output throughput).
PointResult point(const char* name, const char* status, const std::vector<double>& runs) {
  PointResult p;
  p.name = name;
  p.status = *parse_point_status(status);
  for (const double v : runs) {
    RunResult r;
    ScenarioResult s;
    s.spec.name = "s";
    s.summary.completed = 1;
    s.summary.output_throughput = v;
    r.scenarios.push_back(s);
    p.runs.push_back(r);
  }
  return p;
}

double tput(const ScenarioSummary& s) { return s.output_throughput; }

TEST(Spread, RunSpreadOfASweep) {
  SweepResult sweep;
  EXPECT_FALSE(run_spread(sweep, tput).has_value()) << "empty sweep";
  sweep.points.push_back(point("p1", "ok", {100}));
  EXPECT_FALSE(run_spread(sweep, tput).has_value()) << "n=1 everywhere: unknown";
  sweep.points.push_back(point("p2", "ok", {95, 105}));          // 0.1
  sweep.points.push_back(point("p3", "ok", {200, 200}));         // 0.0 (ties)
  sweep.points.push_back(point("p4", "oom_startup", {10, 30}));  // not a successful point
  const auto s = run_spread(sweep, tput);
  ASSERT_TRUE(s.has_value());
  EXPECT_DOUBLE_EQ(*s, 0.05);
  // A run whose scenario completed nothing does not count.
  sweep.points[2].runs[1].scenarios[0].summary.completed = 0;
  EXPECT_DOUBLE_EQ(*run_spread(sweep, tput), 0.1);
}

TEST(Spread, PointStatPerScenario) {
  PointResult p = point("p", "ok", {10, 20});
  ScenarioResult other;
  other.spec.name = "t";
  other.summary.completed = 1;
  other.summary.output_throughput = 99;
  p.runs[0].scenarios.push_back(other);
  const RepeatStat s = point_stat(p, "s", tput);
  EXPECT_EQ(s.n, 2);
  EXPECT_DOUBLE_EQ(s.mean, 15);
  EXPECT_EQ(point_stat(p, "t", tput).n, 1);
  EXPECT_EQ(point_stat(p, "none", tput).n, 0);
}

}  // namespace
}  // namespace sonde::analysis
