// analysis/capacity_search: bracketing, bisection and verification against fake servers whose
// attainment is a known function of the load.
#include "analysis/capacity_search.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace sonde::analysis {
namespace {

std::vector<double> loads(const SearchOutcome& o) {
  std::vector<double> out;
  for (const auto& s : o.steps) out.push_back(s.load);
  return out;
}

// Meets the SLOs for 95 % of requests up to `capacity`, for half of them above it.
Prober cliff(double capacity) {
  return [capacity](double load) {
    return ProbeVerdict{load <= capacity ? 95.0 : 50.0, false, false};
  };
}

TEST(CapacitySearch, BracketsByDoublingThenBisectsAndVerifies) {
  CapacitySearchSpec spec;
  spec.target_pct = 90;
  const SearchOutcome o = search_capacity(spec, cliff(10));
  EXPECT_EQ(SearchStatus::found, o.status);
  ASSERT_TRUE(o.capacity);
  EXPECT_DOUBLE_EQ(10, *o.capacity);
  EXPECT_DOUBLE_EQ(10, o.lo);
  EXPECT_DOUBLE_EQ(11, o.hi);
  // 16 fails; 12 fails; 10 passes; 11 fails and (11 - 10) <= 0.1 x 10 ends the bisection.
  EXPECT_EQ((std::vector<double>{1, 2, 4, 8, 16, 12, 10, 11, 10}), loads(o));
  EXPECT_TRUE(o.steps.back().verification);
  EXPECT_TRUE(o.steps.back().passed);
  EXPECT_EQ(1, std::count_if(o.steps.begin(), o.steps.end(),
                             [](const SearchStep& s) { return s.verification; }));
}

TEST(CapacitySearch, TargetIsInclusive) {
  CapacitySearchSpec spec;
  spec.target_pct = 95;
  EXPECT_EQ(SearchStatus::found, search_capacity(spec, cliff(3)).status);
  spec.target_pct = 95.01;
  EXPECT_EQ(SearchStatus::lowest_fails, search_capacity(spec, cliff(3)).status);
}

TEST(CapacitySearch, LowestProbeFailingEndsTheSearchWithItsAttainment) {
  CapacitySearchSpec spec;
  spec.start_load = 2;
  const SearchOutcome o = search_capacity(spec, [](double) {
    return ProbeVerdict{42.5, false, false};
  });
  EXPECT_EQ(SearchStatus::lowest_fails, o.status);
  EXPECT_FALSE(o.capacity);
  ASSERT_EQ(1u, o.steps.size());
  EXPECT_DOUBLE_EQ(2, o.steps[0].load);
  EXPECT_DOUBLE_EQ(42.5, o.steps[0].verdict.attainment_pct);
  EXPECT_DOUBLE_EQ(0, o.lo);
  EXPECT_DOUBLE_EQ(2, o.hi);
}

TEST(CapacitySearch, SaturatedProbeFailsWhateverItsAttainment) {
  CapacitySearchSpec spec;
  const SearchOutcome o = search_capacity(spec, [](double load) {
    return ProbeVerdict{100.0, load > 4, false};  // stopped early above 4: the queue only grew
  });
  ASSERT_TRUE(o.capacity);
  EXPECT_DOUBLE_EQ(4, *o.capacity);
  EXPECT_DOUBLE_EQ(4.25, o.hi);
  for (const auto& s : o.steps) EXPECT_EQ(s.load <= 4, s.passed) << s.load;
}

TEST(CapacitySearch, FailedVerificationBisectsAgainBelowIt) {
  CapacitySearchSpec spec;
  int calls_at_10 = 0;
  const SearchOutcome o = search_capacity(spec, [&](double load) {
    if (load == 10) return ProbeVerdict{++calls_at_10 == 1 ? 91.0 : 89.0, false, false};
    return cliff(10)(load);
  });
  EXPECT_EQ(SearchStatus::found, o.status);
  ASSERT_TRUE(o.capacity);
  // The repeat at 10 fails: 10 is the new top, 8 (the next lower pass) the bottom; 9 and 9.5
  // pass, and 9.5 is verified.
  EXPECT_DOUBLE_EQ(9.5, *o.capacity);
  EXPECT_DOUBLE_EQ(10, o.hi);
  EXPECT_EQ((std::vector<double>{1, 2, 4, 8, 16, 12, 10, 11, 10, 9, 9.5, 9.5}), loads(o));
  EXPECT_TRUE(o.steps[8].verification);
  EXPECT_FALSE(o.steps[8].passed);
  EXPECT_TRUE(o.steps.back().verification && o.steps.back().passed);
}

TEST(CapacitySearch, EveryVerificationFailingIsLowestFails) {
  CapacitySearchSpec spec;
  int calls = 0;
  const SearchOutcome o = search_capacity(spec, [&](double) {
    return ProbeVerdict{++calls <= 2 ? 95.0 : 10.0, false, false};  // 1, 2 pass; then nothing
  });
  EXPECT_EQ(SearchStatus::lowest_fails, o.status);
  EXPECT_FALSE(o.capacity);
  // 4 fails, the bisection narrows (2, 4] down to 2.125; the repeat at 2 fails, the bisection of
  // (1, 2] finds nothing, and the repeat at 1 fails too.
  EXPECT_EQ((std::vector<double>{1, 2, 4, 3, 2.5, 2.25, 2.125, 2, 1.5, 1.25, 1.125, 1.0625, 1}),
            loads(o));
}

TEST(CapacitySearch, MaxLoadPassingIsAtMax) {
  CapacitySearchSpec spec;
  spec.max_load = 5;
  const SearchOutcome o = search_capacity(spec, cliff(100));
  EXPECT_EQ(SearchStatus::at_max, o.status);
  ASSERT_TRUE(o.capacity);
  EXPECT_DOUBLE_EQ(5, *o.capacity);
  EXPECT_EQ((std::vector<double>{1, 2, 4, 5, 5}), loads(o));
}

TEST(CapacitySearch, AbortedProbeKeepsWhatWasProbed) {
  CapacitySearchSpec spec;
  int calls = 0;
  const SearchOutcome o = search_capacity(spec, [&](double) {
    return ProbeVerdict{95.0, false, ++calls == 3};  // the server dies during the third probe
  });
  EXPECT_EQ(SearchStatus::aborted, o.status);
  EXPECT_FALSE(o.capacity);
  EXPECT_DOUBLE_EQ(2, o.lo);
  EXPECT_EQ((std::vector<double>{1, 2, 4}), loads(o));
  EXPECT_FALSE(o.steps.back().passed);
}

TEST(CapacitySearch, ConcurrencyStaysWholeAndBisectsToAdjacentLevels) {
  CapacitySearchSpec spec;
  spec.integer = true;
  spec.resolution = 0;
  const SearchOutcome o = search_capacity(spec, cliff(6));
  ASSERT_TRUE(o.capacity);
  EXPECT_DOUBLE_EQ(6, *o.capacity);
  EXPECT_DOUBLE_EQ(7, o.hi);
  EXPECT_EQ((std::vector<double>{1, 2, 4, 8, 6, 7, 6}), loads(o));
}

TEST(CapacitySearch, ProbeBudgetBoundsTheBisection) {
  CapacitySearchSpec spec;
  spec.resolution = 0;
  spec.max_probes = 7;
  const SearchOutcome o = search_capacity(spec, cliff(10));
  EXPECT_EQ(8u, o.steps.size()) << "7 probes and the verification";
  EXPECT_EQ(SearchStatus::found, o.status);
}

}  // namespace
}  // namespace sonde::analysis
