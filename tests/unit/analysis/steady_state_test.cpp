// analysis/steady_state: the plateau window of closed and rate scenarios, and the throughputs and
// SLO attainment over it (docs/metrics.md "Steady state").
#include "analysis/steady_state.hpp"

#include <gtest/gtest.h>

namespace sonde::analysis {
namespace {

RequestRecord request(double start, double end, int64_t out = 10, bool ok = true) {
  RequestRecord r;
  r.ok = ok;
  r.intended_start_ms = r.start_ms = start;
  r.end_ms = end;
  r.input_tokens = 100;
  r.output_tokens = ok ? out : 0;
  if (ok) {
    r.e2el_ms = end - start;
    r.ttft_ms = 10;
  } else {
    r.error = RequestError{ErrorKind::http, 500, "boom"};
  }
  return r;
}

ScenarioSpec closed(int concurrency) {
  ScenarioSpec s;
  s.load = LoadShape::closed;
  s.concurrency = concurrency;
  return s;
}

ScenarioSpec rate(double rps) {
  ScenarioSpec s;
  s.load = LoadShape::rate;
  s.request_rate = rps;
  return s;
}

TEST(SteadyState, ClosedLoopWindowRunsFromFullToTheDrain) {
  // Two workers; the second starts late (100 ms), so the plateau begins there; each worker
  // sends its next request the instant the previous ends; worker 1 stops at 1000, worker 2 at 1100.
  const std::vector<RequestRecord> records = {
      request(0, 400), request(400, 1000),    // worker 1
      request(100, 600), request(600, 1100),  // worker 2
  };
  const auto s = steady_state(records, closed(2), {});
  ASSERT_TRUE(s);
  EXPECT_DOUBLE_EQ(100, s->start_ms);
  EXPECT_DOUBLE_EQ(1000, s->end_ms) << "the first end not followed by a start";
  // Sent inside [100, 1000]: 100, 400, 600.
  EXPECT_EQ(3, s->requests);
  // Finished inside (100, 1000]: 400, 600, 1000 -> 3 requests over 0.9 s.
  EXPECT_DOUBLE_EQ(3 / 0.9, s->request_throughput);
  EXPECT_DOUBLE_EQ(30 / 0.9, s->output_throughput);
  EXPECT_DOUBLE_EQ(330 / 0.9, s->total_token_throughput);
  EXPECT_FALSE(s->attainment_pct) << "no --goodput";
}

TEST(SteadyState, ClosedPlateauIsNinetyFivePercentOfTheLevel) {
  // Level 20 -> threshold 19: one worker short of full still counts as the plateau.
  std::vector<RequestRecord> records;
  for (int k = 0; k < 19; ++k) records.push_back(request(0, 1000));
  records.push_back(request(500, 900));  // the 20th worker only between 500 and 900
  const auto s = steady_state(records, closed(20), {});
  ASSERT_TRUE(s);
  EXPECT_DOUBLE_EQ(0, s->start_ms);
  EXPECT_DOUBLE_EQ(1000, s->end_ms);
  // Level 20 with at most 18 in flight (17 long requests, then 3 short ones one after another):
  // never at the plateau.
  records.resize(17);
  for (int k = 0; k < 3; ++k) records.push_back(request(10.0 * k, 10.0 * k + 10));
  EXPECT_FALSE(steady_state(records, closed(20), {}));
}

TEST(SteadyState, ClosedLevelIsCappedByTheRequestCount) {
  const std::vector<RequestRecord> records = {request(0, 500), request(10, 600)};
  const auto s = steady_state(records, closed(64), {});
  ASSERT_TRUE(s) << "64 workers but 2 requests: the plateau is 2";
  EXPECT_DOUBLE_EQ(10, s->start_ms);
  EXPECT_DOUBLE_EQ(500, s->end_ms);
}

TEST(SteadyState, RateWindowStartsOneMedianLatencyAfterTheFirstArrival) {
  // Arrivals every 100 ms from 0 to 900, each lasting 250 ms: median e2el 250.
  std::vector<RequestRecord> records;
  for (int k = 0; k < 10; ++k) records.push_back(request(100.0 * k, 100.0 * k + 250));
  const auto s = steady_state(records, rate(10), parse_goodput("e2el:300", "--goodput"));
  ASSERT_TRUE(s);
  EXPECT_DOUBLE_EQ(250, s->start_ms);
  EXPECT_DOUBLE_EQ(900, s->end_ms) << "the last arrival";
  EXPECT_EQ(7, s->requests) << "arrivals 300..900";
  ASSERT_TRUE(s->attainment_pct);
  EXPECT_DOUBLE_EQ(100, *s->attainment_pct);
}

TEST(SteadyState, RateAttainmentCountsOnlyTheWindowsArrivals) {
  // Early requests are fast, later ones (inside the window) slow: the window sees the slow ones.
  std::vector<RequestRecord> records;
  for (int k = 0; k < 10; ++k) {
    const double start = 100.0 * k;
    records.push_back(request(start, start + (k < 5 ? 100 : 400)));
  }
  records.push_back(request(950, 960, 0, false));  // a failure inside the window counts as not good
  const auto s = steady_state(records, rate(10), parse_goodput("e2el:200", "--goodput"));
  ASSERT_TRUE(s);
  // Median e2el of the 10 ok requests: (100 + 400) / 2 = 250 -> window [250, 950].
  EXPECT_DOUBLE_EQ(250, s->start_ms);
  EXPECT_DOUBLE_EQ(950, s->end_ms);
  EXPECT_EQ(8, s->requests) << "300..900 and the failure at 950";
  ASSERT_TRUE(s->attainment_pct);
  EXPECT_DOUBLE_EQ(100.0 * 2 / 8, *s->attainment_pct) << "300 and 400 were good";
}

TEST(SteadyState, RampedRateSettlesAfterTheRamp) {
  std::vector<RequestRecord> records;
  for (int k = 0; k < 30; ++k) records.push_back(request(100.0 * k, 100.0 * k + 50));
  ScenarioSpec spec = rate(0);
  spec.ramp = RateRamp{1, 10, 1.0};
  const auto s = steady_state(records, spec, {});
  ASSERT_TRUE(s);
  EXPECT_DOUBLE_EQ(1050, s->start_ms) << "ramp 1000 ms + median e2el 50";
}

TEST(SteadyState, NoWindowForBurstsEmptyInputOrArrivalsThatEndTooSoon) {
  ScenarioSpec burst = closed(4);
  burst.load = LoadShape::burst;
  EXPECT_FALSE(steady_state({request(0, 100), request(0, 100)}, burst, {}));
  EXPECT_FALSE(steady_state({}, closed(4), {}));
  EXPECT_FALSE(steady_state({}, rate(4), {}));
  // Every arrival before one latency has passed: no settled part.
  EXPECT_FALSE(steady_state({request(0, 1000), request(10, 1010)}, rate(100), {}));
  // Only failures: no latency to settle by.
  EXPECT_FALSE(steady_state({request(0, 5, 0, false), request(100, 105, 0, false)}, rate(10), {}));
}

}  // namespace
}  // namespace sonde::analysis
