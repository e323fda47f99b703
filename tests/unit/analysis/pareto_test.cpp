// analysis/pareto: exactly the non-dominated points of a fixture sweep, in interactivity order.
#include "analysis/pareto.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace sonde::analysis {
namespace {

// Eight sweep points (tokens/s per user, tokens/s per GPU), and which are on the frontier.
struct Row {
  ParetoPoint point;
  bool on_frontier;
};
const std::vector<Row> kFixture = {
    {{12, 2400}, true},   // 0: the throughput end
    {{25, 2100}, true},   // 1
    {{24, 1900}, false},  // 2: beaten by 1 on both
    {{40, 1500}, true},   // 3
    {{40, 1400}, false},  // 4: same interactivity as 3, less throughput
    {{60, 900}, true},    // 5: the interactivity end
    {{30, 1500}, false},  // 6: beaten by 3 (equal throughput, less interactivity)
    {{11, 2400}, false},  // 7: beaten by 0 (equal throughput, less interactivity)
};

TEST(Pareto, ListsExactlyTheNonDominatedPointsByInteractivity) {
  std::vector<ParetoPoint> points;
  for (const auto& r : kFixture) points.push_back(r.point);
  const auto frontier = pareto_frontier(points);
  EXPECT_EQ((std::vector<std::size_t>{0, 1, 3, 5}), frontier);
  for (std::size_t i = 0; i < kFixture.size(); ++i) {
    const bool listed = std::find(frontier.begin(), frontier.end(), i) != frontier.end();
    EXPECT_EQ(kFixture[i].on_frontier, listed) << "point " << i;
  }
}

TEST(Pareto, EqualPointsBothStayAndNonFinitePointsNeverCount) {
  EXPECT_EQ((std::vector<std::size_t>{0, 1}), pareto_frontier({{10, 100}, {10, 100}}));
  // A NaN point is neither on the frontier nor allowed to beat anything.
  EXPECT_EQ((std::vector<std::size_t>{1}), pareto_frontier({{NAN, 1e9}, {5, 50}}));
  EXPECT_EQ((std::vector<std::size_t>{1}), pareto_frontier({{INFINITY, 1}, {5, 50}}));
  EXPECT_TRUE(pareto_frontier({}).empty());
  EXPECT_EQ((std::vector<std::size_t>{0}), pareto_frontier({{1, 1}}));
}

}  // namespace
}  // namespace sonde::analysis
