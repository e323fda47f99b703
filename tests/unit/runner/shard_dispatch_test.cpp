// shard_dispatch: the shards of `sonde run --clients N` together send exactly the one-process
// plan: a rate schedule's union is the single-process schedule (same instants, same global
// indexes, same bodies), a closed load's users and in-flight caps are divided.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "runner/rate_schedule.hpp"
#include "runner/shard_dispatch.hpp"

namespace sonde {
namespace {

DispatchPlan plan_of(const ScenarioSpec& spec, const std::vector<double>& arrivals) {
  DispatchPlan p;
  for (int i = 0; i < spec.requests; ++i) {
    PreparedRequest r;
    r.scenario = spec.name;
    r.index = i;
    r.body = "prompt " + std::to_string(i);
    if (!arrivals.empty()) r.intended_offset_s = arrivals[static_cast<std::size_t>(i)];
    p.requests.push_back(r);
  }
  p.max_in_flight = spec.load == LoadShape::rate ? spec.max_concurrency : spec.concurrency;
  return p;
}

TEST(ShardDispatch, RateScheduleUnionIsTheSingleProcessSchedule) {
  ScenarioSpec spec;
  spec.name = "rate";
  spec.load = LoadShape::rate;
  spec.request_rate = 20;
  spec.requests = 101;
  const std::vector<double> arrivals = rate_arrivals(spec, 42);
  const DispatchPlan whole = plan_of(spec, arrivals);
  for (const int n : {2, 3, 4}) {
    std::map<int, std::pair<double, std::string>> seen;  // index -> (instant, body)
    for (int k = 0; k < n; ++k) {
      ShardShare share;
      const DispatchPlan mine = shard_dispatch(plan_of(spec, arrivals), spec, {k, n}, &share);
      EXPECT_EQ(share.requests, static_cast<int>(mine.requests.size()));
      // Thinning keeps each shard's arrivals in time order and about 1/n of them.
      EXPECT_NEAR(static_cast<double>(mine.requests.size()), 101.0 / n, 1.0);
      double last = -1;
      for (const auto& r : mine.requests) {
        EXPECT_EQ(r.index % n, k);
        EXPECT_GE(*r.intended_offset_s, last);
        last = *r.intended_offset_s;
        EXPECT_TRUE(seen.emplace(r.index, std::pair{*r.intended_offset_s, r.body}).second)
            << "request " << r.index << " in two shards";
      }
    }
    ASSERT_EQ(seen.size(), whole.requests.size()) << n << " shards";
    for (const auto& r : whole.requests) {
      EXPECT_EQ(seen.at(r.index).first, *r.intended_offset_s);
      EXPECT_EQ(seen.at(r.index).second, r.body);
    }
  }
}

TEST(ShardDispatch, ClosedLoadDividesUsersAndRequests) {
  ScenarioSpec spec;
  spec.name = "c5";
  spec.load = LoadShape::closed;
  spec.concurrency = 5;
  spec.requests = 20;
  std::vector<int> caps, counts;
  for (int k = 0; k < 2; ++k) {
    ShardShare share;
    const DispatchPlan mine = shard_dispatch(plan_of(spec, {}), spec, {k, 2}, &share);
    caps.push_back(mine.max_in_flight);
    counts.push_back(share.requests);
    EXPECT_EQ(share.concurrency, mine.max_in_flight);
  }
  EXPECT_EQ(caps, (std::vector<int>{3, 2}));     // 5 users: 3 + 2
  EXPECT_EQ(counts, (std::vector<int>{12, 8}));  // 4 rounds of each shard's users
}

TEST(ShardDispatch, ConcurrencyBelowTheShardsLeavesShardsIdle) {
  ScenarioSpec spec;
  spec.name = "c1";
  spec.load = LoadShape::closed;
  spec.concurrency = 1;
  spec.requests = 4;
  ShardShare idle;
  const DispatchPlan none = shard_dispatch(plan_of(spec, {}), spec, {1, 2}, &idle);
  EXPECT_TRUE(none.requests.empty());
  EXPECT_EQ(idle.requests, 0);
  EXPECT_EQ(idle.concurrency, 0);
  ShardShare busy;
  EXPECT_EQ(shard_dispatch(plan_of(spec, {}), spec, {0, 2}, &busy).requests.size(), 4u);
  EXPECT_EQ(busy.concurrency, 1);
}

}  // namespace
}  // namespace sonde
