// --max-error-rate parsing and the range checks of validate() for the fault flags.
#include <gtest/gtest.h>

#include "config/plan.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

TEST(MaxErrorRate, RateAlone) {
  RunOptions p;
  parse_max_error_rate("0.5", p);
  EXPECT_DOUBLE_EQ(p.max_error_rate, 0.5);
  EXPECT_EQ(p.max_error_window, 50);
}

TEST(MaxErrorRate, RateAndWindow) {
  RunOptions p;
  parse_max_error_rate("0.25/20", p);
  EXPECT_DOUBLE_EQ(p.max_error_rate, 0.25);
  EXPECT_EQ(p.max_error_window, 20);
}

TEST(MaxErrorRate, BadValuesNameTheFlag) {
  for (const char* bad : {"", "x", "1.5", "-0.1", "0.5/", "0.5/0", "0.5/x", "0.5/10x", "0.5x"}) {
    RunOptions p;
    try {
      parse_max_error_rate(bad, p);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("--max-error-rate"), std::string::npos) << e.what();
    }
  }
}

Plan valid_plan() {
  Plan p;
  p.sim = true;
  ScenarioSpec s;
  s.name = "s";
  s.input_len = 10;
  s.output_len = 10;
  s.requests = 1;
  s.concurrency = 1;
  p.scenarios.push_back(s);
  return p;
}

TEST(PlanValidate, FaultFlags) {
  EXPECT_NO_THROW(validate(valid_plan()));
  Plan p = valid_plan();
  p.options.grace_s = -1;
  EXPECT_THROW(validate(p), UsageError);
  p = valid_plan();
  p.options.retries = -1;
  EXPECT_THROW(validate(p), UsageError);
  p = valid_plan();
  p.options.max_error_window = 0;
  EXPECT_THROW(validate(p), UsageError);
}

}  // namespace
}  // namespace sonde
