#include <gtest/gtest.h>

#include "report/format.hpp"

namespace sonde::report {
namespace {

TEST(RateLabel, FixedRateOrRamp) {
  ScenarioSpec s;
  s.load = LoadShape::rate;
  s.request_rate = 2.5;
  EXPECT_EQ(rate_label(s), "2.5");
  s.request_rate = 0;
  s.ramp = RateRamp{0, 20, 60};
  EXPECT_EQ(rate_label(s), "0→20");
}

}  // namespace
}  // namespace sonde::report
