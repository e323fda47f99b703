// Table cells: points grouped by one flag's value, mean and ± of their runs.
#include "analysis/groups.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace sonde::analysis {
namespace {

double tput(const ScenarioSummary& s) { return s.output_throughput; }

PointResult point(std::vector<std::pair<std::string, std::string>> settings,
                  const std::string& command, const std::vector<double>& runs,
                  const std::string& status = "ok") {
  PointResult p;
  p.settings = std::move(settings);
  p.command = command;
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

TEST(Groups, PointSettingFromSettingsThenCommandLine) {
  const std::string cmd =
      "vllm serve m --max-num-seqs 64 --no-enable-prefix-caching --enforce-eager";
  const PointResult p = point({{"max-num-seqs", "128"}}, cmd, {});
  EXPECT_EQ(point_setting(p, "max-num-seqs"), "128");  // the point's own setting wins
  EXPECT_EQ(point_setting(point({}, cmd, {}), "max-num-seqs"), "64");
  EXPECT_EQ(point_setting(p, "enable-prefix-caching"), "false");
  EXPECT_EQ(point_setting(p, "enforce-eager"), "true");
  EXPECT_EQ(point_setting(p, "tensor-parallel-size"), "");
}

TEST(Groups, MeanAndDeviationOfRepeats) {
  SweepResult sweep;
  sweep.points = {point({{"x", "a"}}, "", {100, 104, 96}), point({{"x", "a"}}, "", {300}),
                  point({{"x", "b"}}, "", {7}),
                  point({{"x", "a"}}, "", {1000, 2000}, "oom_startup")};
  const GroupStat a = group_stat(sweep, "x", "a", "s", tput);
  EXPECT_EQ(a.n, 4);  // the failed point's runs are not counted
  EXPECT_DOUBLE_EQ(a.mean, 150);
  EXPECT_DOUBLE_EQ(a.spread, 4);  // from the repeated point only
  EXPECT_DOUBLE_EQ(a.min, 96);
  EXPECT_DOUBLE_EQ(a.max, 300);
  const GroupStat b = group_stat(sweep, "x", "b", "s", tput);
  EXPECT_EQ(b.n, 1);
  EXPECT_TRUE(std::isnan(b.spread)) << "n=1: unknown, not zero";
  const GroupStat none = group_stat(sweep, "x", "c", "s", tput);
  EXPECT_EQ(none.n, 0);
  EXPECT_TRUE(std::isnan(none.mean));
}

TEST(Groups, UnsetChunkedPrefillCountsAsOn) {
  SweepResult sweep;
  sweep.points = {point({}, "vllm serve m", {10, 10}),
                  point({{"enable-chunked-prefill", "false"}}, "", {20})};
  EXPECT_EQ(group_stat(sweep, "enable-chunked-prefill", "true", "s", tput).n, 2);
  EXPECT_DOUBLE_EQ(group_stat(sweep, "enable-chunked-prefill", "true", "s", tput).spread, 0);  // a tie
  EXPECT_EQ(group_stat(sweep, "enable-chunked-prefill", "false", "s", tput).n, 1);
  EXPECT_EQ(group_stat(sweep, "max-num-seqs", "true", "s", tput).n, 0);
}

}  // namespace
}  // namespace sonde::analysis
