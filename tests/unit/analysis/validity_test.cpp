// analysis/validity: when a scenario, and with it a run, fails closed.
#include "analysis/validity.hpp"

#include <gtest/gtest.h>

namespace sonde::analysis {
namespace {

ScenarioResult scenario(int completed, int failed) {
  ScenarioResult s;
  s.spec.name = "s";
  s.summary.completed = completed;
  s.summary.failed = failed;
  return s;
}

TEST(Validity, FailedPctOfFinishedRequests) {
  EXPECT_DOUBLE_EQ(0, failed_pct(scenario(0, 0).summary));
  EXPECT_DOUBLE_EQ(25, failed_pct(scenario(3, 1).summary));
  EXPECT_DOUBLE_EQ(100, failed_pct(scenario(0, 6).summary));
}

TEST(Validity, TableOfVerdicts) {
  struct Case {
    int completed, failed;
    double max_pct;
    std::vector<InvalidReason> want;
  };
  const std::vector<Case> cases = {
      {20, 0, 5, {}},
      {19, 1, 5, {}},                                // exactly 5 %: not above
      {18, 2, 5, {InvalidReason::too_many_failed}},  // 10 %
      {18, 2, 10, {}},
      {0, 6, 5, {InvalidReason::no_success, InvalidReason::too_many_failed}},
      {0, 0, 5, {InvalidReason::no_success}},  // nothing ran: nothing succeeded
      {0, 6, 100, {}},                         // 100: never judged (the old behaviour)
      {1, 99, 99.5, {}},
      {0, 1, 0, {InvalidReason::no_success, InvalidReason::too_many_failed}},
  };
  for (const auto& c : cases) {
    ScenarioResult s = scenario(c.completed, c.failed);
    judge_scenario(s, c.max_pct);
    EXPECT_EQ(c.want, s.invalid_reasons)
        << c.completed << " ok, " << c.failed << " failed, max " << c.max_pct;
    EXPECT_EQ(c.want.empty(), s.valid);
  }
}

TEST(Validity, RunIsValidOnlyWhenEveryScenarioIs) {
  RunResult run;
  run.options.max_failed_pct = 5;
  run.scenarios = {scenario(10, 0), scenario(5, 5)};
  judge_run(run);
  EXPECT_FALSE(run.valid);
  EXPECT_TRUE(run.scenarios[0].valid);
  EXPECT_FALSE(run.scenarios[1].valid);
  run.options.max_failed_pct = 100;
  judge_run(run);  // judged again: the earlier verdict does not stick
  EXPECT_TRUE(run.valid);
  EXPECT_TRUE(run.scenarios[1].invalid_reasons.empty());
}

// A capacity probe stopped as saturated: the requests its stop cancelled are not failures, the
// real failures still are.
TEST(Validity, ASaturatedProbeIsJudgedWithoutTheRequestsItsStopCancelled) {
  ScenarioResult s = scenario(40, 60);
  s.summary.errors = {{"cancelled", 58}, {"http_500", 2}};
  judge_scenario(s, 5);
  EXPECT_FALSE(s.valid);  // not a probe: 60 % failed
  s.saturated = true;
  judge_scenario(s, 5);
  EXPECT_TRUE(s.valid) << "2 real failures of 42 finished is under 5 %";
  s.summary.errors = {{"cancelled", 50}, {"http_500", 10}};
  judge_scenario(s, 5);
  EXPECT_FALSE(s.valid) << "10 real failures of 50 is a real failure, saturated or not";
  ScenarioResult none = scenario(0, 30);
  none.saturated = true;
  none.summary.errors = {{"cancelled", 30}};
  judge_scenario(none, 5);
  EXPECT_EQ(none.invalid_reasons, std::vector<InvalidReason>{InvalidReason::no_success});
}

}  // namespace
}  // namespace sonde::analysis
