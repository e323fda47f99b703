// analysis/traffic_shape: length histograms over shared round bins and the replay time line.
#include "analysis/traffic_shape.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace sonde::analysis {
namespace {

struct BinCase {
  const char* name;
  std::vector<int64_t> target, measured;
  int max_bins;
  std::vector<int64_t> edges;
  std::vector<int> target_counts, measured_counts;
};

TEST(LengthBins, Table) {
  const std::vector<BinCase> cases = {
      {"round width of 100 from a round start",
       {120, 250, 990},
       {121, 251, 989},
       10,
       {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000},
       {1, 1, 0, 0, 0, 0, 0, 0, 1},
       {1, 1, 0, 0, 0, 0, 0, 0, 1}},
      {"one length: one bin of width 1", {512, 512}, {512}, 12, {512, 513}, {2}, {1}},
      {"the upper edge is exclusive", {0, 10}, {}, 2, {0, 10, 20}, {1, 1}, {0, 0}},
      {"a wider round step when the bins do not fit", {9, 21}, {}, 2, {0, 20, 40}, {1, 1}, {0, 0}},
      {"measured alone", {}, {7, 8, 9}, 3, {7, 8, 9, 10}, {0, 0, 0}, {1, 1, 1}},
      {"nothing", {}, {}, 5, {}, {}, {}},
  };
  for (const BinCase& c : cases) {
    const LengthBins b = length_bins(c.target, c.measured, c.max_bins);
    EXPECT_EQ(b.edges, c.edges) << c.name;
    EXPECT_EQ(b.target, c.target_counts) << c.name;
    EXPECT_EQ(b.measured, c.measured_counts) << c.name;
    EXPECT_LE(b.target.size(), static_cast<std::size_t>(c.max_bins)) << c.name;
  }
}

RequestRecord rec(double intended, double start, double end, std::optional<double> ttft,
                  int64_t out, bool ok = true) {
  RequestRecord r;
  r.ok = ok;
  r.intended_start_ms = intended;
  r.start_ms = start;
  r.end_ms = end;
  r.ttft_ms = ttft;
  if (ok) r.e2el_ms = end - start;
  r.output_tokens = out;
  r.input_tokens_target = 100;
  r.input_tokens = ok ? 101 : 0;
  r.output_tokens_target = out;
  return r;
}

TEST(ScenarioLengths, TargetsOfEveryRequestCountsOfTheSuccessfulOnes) {
  auto estimated = rec(0, 0, 10, 5, 7);
  estimated.output_tokens_estimated = true;
  const ScenarioLengths l =
      scenario_lengths({rec(0, 0, 10, 5, 8), rec(0, 0, 10, 5, 9, false), estimated});
  EXPECT_EQ(l.input_target, (std::vector<int64_t>{100, 100, 100}));
  EXPECT_EQ(l.input_sent, (std::vector<int64_t>{101, 101}));
  EXPECT_EQ(l.output_target, (std::vector<int64_t>{8, 9, 7}));
  EXPECT_EQ(l.output_counted, (std::vector<int64_t>{8}));  // a chunk count is no count
}

TEST(Timeline, ArrivalsCompletionsAndMediansPerBin) {
  // Run epoch at 5 s: times are from the first intended start. 4 s span, 4 bins -> 1 s each.
  const std::vector<RequestRecord> records = {
      rec(5000, 5001, 5400, 100, 10),  // sent in bin 0, ends in bin 0
      rec(5500, 5502, 6600, 300, 20),  // sent in bin 0, ends in bin 1
      rec(6200, 6200, 7100, 200, 30),  // bin 1, ends in bin 2
      rec(8000, 8001, 8500, 0, 0, false),
      rec(8100, 8100, 9000, 50, 40),  // ends at the last instant: in the last bin
  };
  const Timeline t = timeline(records, 4);
  EXPECT_DOUBLE_EQ(t.bin_s, 1);
  ASSERT_EQ(t.bins.size(), 5u);  // [0,1) [1,2) [2,3) [3,4) [4,5): the end at 4 s opens one more
  EXPECT_EQ(t.bins[0].arrivals, 2);
  EXPECT_EQ(t.bins[0].completions, 1);
  EXPECT_DOUBLE_EQ(t.bins[0].output_tokens_per_s, 10);
  EXPECT_DOUBLE_EQ(t.bins[0].ttft_p50_ms, 200);  // median of 100 and 300
  EXPECT_EQ(t.bins[1].arrivals, 1);
  EXPECT_EQ(t.bins[1].completions, 1);
  EXPECT_DOUBLE_EQ(t.bins[1].output_tokens_per_s, 20);
  EXPECT_EQ(t.bins[3].arrivals, 2);  // the failed one arrived too
  EXPECT_DOUBLE_EQ(t.bins[3].ttft_p50_ms, 50);
  EXPECT_EQ(t.bins[4].completions, 1);
  EXPECT_TRUE(std::isnan(t.bins[2].ttft_p50_ms));  // nothing sent in it
  int arrivals = 0, completions = 0;
  for (const auto& b : t.bins) arrivals += b.arrivals, completions += b.completions;
  EXPECT_EQ(arrivals, 5);
  EXPECT_EQ(completions, 4);
  EXPECT_TRUE(timeline({}).bins.empty());
}

// A cap of 2: the third arrival finds two in flight and starts when the first ends (at the cap);
// the fifth starts 50 ms late with only one in flight (the client's own delay); on time is not late.
TEST(TrafficShape, LateStartsSplitTheCapFromTheClient) {
  const std::vector<RequestRecord> records = {
      rec(0, 0, 100, 10, 5),      // on time
      rec(10, 11, 300, 10, 5),    // 1 ms late: within the 10 ms allowed
      rec(20, 100, 400, 10, 5),   // waited 80 ms: 2 in flight at 20 ms
      rec(500, 500, 600, 10, 5),  // on time
      rec(550, 600, 700, 10, 5),  // 50 ms late, 1 in flight at 550 ms
  };
  const LateStarts with_cap = late_starts(records, 2);
  EXPECT_EQ(with_cap.late, 2);
  EXPECT_EQ(with_cap.at_the_cap, 1);
  const LateStarts no_cap = late_starts(records, 0);
  EXPECT_EQ(no_cap.late, 2);
  EXPECT_EQ(no_cap.at_the_cap, 0);
  EXPECT_EQ(late_starts(records, 2, 100).late, 0);  // nothing more than 100 ms late
}

}  // namespace
}  // namespace sonde::analysis
