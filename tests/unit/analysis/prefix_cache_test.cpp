// analysis/prefix_cache: the three views of a scenario's prefix-cache hits and the TTFT split
// by hit, request by request.
#include "analysis/prefix_cache.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace sonde::analysis {
namespace {

RequestRecord rec(std::optional<int64_t> cached, double ttft, int64_t input = 1000, bool ok = true) {
  RequestRecord r;
  r.ok = ok;
  if (ok) r.ttft_ms = ttft;
  r.input_tokens = input;
  r.cached_tokens = cached;
  return r;
}

// A shared-prefix scenario that expected 60 % and whose server counted 1,536 of 4,000 tokens.
ScenarioResult shared_scenario() {
  ScenarioResult sc;
  sc.spec.name = "shared";
  sc.shared_prefix.emplace().expected_prefix_hit_rate = 0.6;
  ServerMetricsDelta& d = sc.server_metrics.emplace();
  d.prefix_cache_hits = 1536;
  d.prefix_cache_queries = 4000;
  d.prefix_cache_hit_rate = 0.384;
  return sc;
}

TEST(PrefixCacheView, ThreeViewsOfOneScenario) {
  const ScenarioResult sc = shared_scenario();
  // A failed request that still reported its hits counts: the server counted it too.
  const std::vector<RequestRecord> records = {rec(0, 50), rec(512, 20), rec(1024, 10),
                                              rec(std::nullopt, 40), rec(0, 0, 1000, false)};
  const PrefixCacheView v = prefix_cache_view(sc, records);
  EXPECT_DOUBLE_EQ(v.expected_rate, 0.6);
  EXPECT_DOUBLE_EQ(v.server_rate, 0.384);
  EXPECT_EQ(v.server_hits.value_or(-1), 1536);
  EXPECT_EQ(v.server_queries.value_or(-1), 4000);
  EXPECT_EQ(v.reporting, 4);
  EXPECT_EQ(v.cached_tokens, 1536);
  EXPECT_EQ(v.reporting_prompt_tokens, 4000);
  EXPECT_DOUBLE_EQ(v.per_request_rate, 0.384);
}

TEST(PrefixCacheView, NothingKnownStaysUnknown) {
  ScenarioResult sc;  // a dataset: no expectation, no /metrics, no cached_tokens
  const std::vector<RequestRecord> unknown = {rec(std::nullopt, 10)};
  const PrefixCacheView v = prefix_cache_view(sc, unknown);
  EXPECT_TRUE(std::isnan(v.expected_rate));
  EXPECT_TRUE(std::isnan(v.server_rate));
  EXPECT_FALSE(v.server_hits);
  EXPECT_EQ(v.reporting, 0);
  EXPECT_TRUE(std::isnan(v.per_request_rate));
  // A Mooncake trace's expectation comes from its source record.
  sc.source.emplace().expected_prefix_hit_rate = 0.25;
  EXPECT_DOUBLE_EQ(prefix_cache_view(sc, unknown).expected_rate, 0.25);
}

struct SplitCase {
  const char* name;
  std::vector<RequestRecord> records;
  int with, without, unknown;
  double ttft_with, ttft_without;  // NaN: no group
  std::optional<double> change;    // ttft_change_with_hits (min_group 3)
};

TEST(HitSplit, Table) {
  const double nan = std::nan("");
  const std::vector<SplitCase> cases = {
      {"both groups of three",
       {rec(0, 100), rec(0, 120), rec(0, 110), rec(64, 40), rec(64, 60), rec(32, 50)},
       3,
       3,
       0,
       50,
       110,
       (50.0 - 110.0) / 110.0},
      {"even counts take the mean of the middle two",
       {rec(0, 100), rec(0, 200), rec(0, 300), rec(0, 400), rec(16, 10), rec(16, 20), rec(16, 30),
        rec(16, 40)},
       4,
       4,
       0,
       25,
       250,
       (25.0 - 250.0) / 250.0},
      {"too few with hits: nothing claimed",
       {rec(0, 100), rec(0, 120), rec(0, 110), rec(64, 40), rec(64, 60)},
       2,
       3,
       0,
       50,
       110,
       std::nullopt},
      {"no cached_tokens: every request unknown",
       {rec(std::nullopt, 10), rec(std::nullopt, 20)},
       0,
       0,
       2,
       nan,
       nan,
       std::nullopt},
      {"failed requests are left out",
       {rec(64, 0, 1000, false), rec(0, 0, 1000, false), rec(std::nullopt, 0, 1000, false)},
       0,
       0,
       0,
       nan,
       nan,
       std::nullopt},
      {"empty", {}, 0, 0, 0, nan, nan, std::nullopt},
  };
  for (const SplitCase& c : cases) {
    const HitSplit s = hit_split(c.records);
    EXPECT_EQ(s.with_hits, c.with) << c.name;
    EXPECT_EQ(s.without_hits, c.without) << c.name;
    EXPECT_EQ(s.unknown, c.unknown) << c.name;
    if (std::isnan(c.ttft_with)) {
      EXPECT_TRUE(std::isnan(s.ttft_p50_with)) << c.name;
    } else {
      EXPECT_DOUBLE_EQ(s.ttft_p50_with, c.ttft_with) << c.name;
    }
    if (std::isnan(c.ttft_without)) {
      EXPECT_TRUE(std::isnan(s.ttft_p50_without)) << c.name;
    } else {
      EXPECT_DOUBLE_EQ(s.ttft_p50_without, c.ttft_without) << c.name;
    }
    const auto change = ttft_change_with_hits(s);
    ASSERT_EQ(change.has_value(), c.change.has_value()) << c.name;
    if (change) {
      EXPECT_DOUBLE_EQ(*change, *c.change) << c.name;
    }
  }
}

TEST(HitSplit, MediansOfPromptAndCachedLengthsGoWithTheirGroups) {
  const HitSplit s = hit_split({rec(0, 100, 800), rec(0, 100, 1200), rec(256, 10, 2000),
                                rec(512, 10, 3000), rec(768, 10, 4000)});
  EXPECT_DOUBLE_EQ(s.input_p50_without, 1000);
  EXPECT_DOUBLE_EQ(s.input_p50_with, 3000);
  EXPECT_DOUBLE_EQ(s.cached_p50_with, 512);
  EXPECT_FALSE(ttft_change_with_hits(s));    // two without hits
  EXPECT_TRUE(ttft_change_with_hits(s, 2));  // enough for a smaller threshold
}

}  // namespace
}  // namespace sonde::analysis
