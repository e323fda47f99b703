// analysis/saturation: a queue that only grows is saturated; a fill to a level, a level with
// noise, or growth during the fill are not.
#include "analysis/saturation.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace sonde::analysis {
namespace {

TEST(SaturationWatch, LinearGrowthAfterSettlingIsSaturated) {
  SaturationWatch w(0, 100);
  // Requests finish every 10 ms with e2el 50; in flight grows by one every 10 ms.
  int fired_at = -1;
  for (int k = 1; k <= 200 && fired_at < 0; ++k) {
    if (w.add(10.0 * k, k, 2 * k, 50.0)) fired_at = 10 * k;
  }
  // Checkpoints at 100, 200, ..., counts 10, 20, ...: five of them (100..500) rise 4 times and
  // 50 >= 2 x 10 (half the arrivals stayed in flight, too).
  EXPECT_EQ(500, fired_at);
  EXPECT_TRUE(w.add(2010, 0, 400, 50.0)) << "stays saturated";
  EXPECT_EQ(50, w.last_in_flight());
}

TEST(SaturationWatch, ALevelQueueIsNotSaturatedEvenWithNoise) {
  SaturationWatch w(0, 100);
  for (int k = 1; k <= 500; ++k) {
    const int in_flight = 20 + (k / 10) % 3;  // 20, 21, 22, 20, ... per checkpoint
    EXPECT_FALSE(w.add(10.0 * k, in_flight, 2 * k, 300.0)) << k;
  }
}

TEST(SaturationWatch, TheFillBeforeOneMedianLatencyIsNotATrend) {
  // Latency 1000 ms: the in-flight count rises for the first second as the server fills, then
  // stays at its level.
  SaturationWatch w(0, 100);
  for (int k = 1; k <= 300; ++k) {
    const double now = 10.0 * k;
    EXPECT_FALSE(w.add(now, static_cast<int>(std::min(now, 1000.0) / 10), k, 1000.0)) << now;
  }
}

TEST(SaturationWatch, SmallQueuesAndGrowthShortOfDoublingAreNotSaturated) {
  SaturationWatch small(0, 100);
  for (int k = 1; k <= 60; ++k) EXPECT_FALSE(small.add(10.0 * k, 1 + k / 10, k, 5.0));  // 2..7
  // +1 in flight per checkpoint while 10 arrive: the server keeps up with 90 % of them.
  SaturationWatch slow(0, 100);
  for (int k = 1; k <= 60; ++k) EXPECT_FALSE(slow.add(10.0 * k, 100 + k / 10, k, 5.0));
}

TEST(SaturationWatch, NoSuccessNoSettlingNoVerdict) {
  SaturationWatch w(0, 100);
  for (int k = 1; k <= 100; ++k) EXPECT_FALSE(w.add(10.0 * k, k, k, std::nullopt));
}

TEST(SaturationWatch, ALaggingServerOnABigQueueIsSaturatedWithoutDoubling) {
  // 200 in flight, +3 per checkpoint while 10 arrive: finishes 70 % of the arrivals.
  SaturationWatch w(0, 100);
  int fired_at = -1;
  for (int k = 1; k <= 100 && fired_at < 0; ++k) {
    if (w.add(10.0 * k, 200 + 3 * (k / 10), k, 5.0)) fired_at = 10 * k;
  }
  EXPECT_EQ(500, fired_at) << "12 >= 0.25 x 40 over the checkpoints 100..500";
}

}  // namespace
}  // namespace sonde::analysis
