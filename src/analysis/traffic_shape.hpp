#pragma once
// The shape of a source's traffic from its records: prompt and output lengths asked for against
// those sent and counted (histograms over shared bins), and, for replays, arrivals, throughput
// and latency over time. Numbers only; report/charts.cpp draws them.
#include <cstdint>
#include <vector>

#include "results/record.hpp"

namespace sonde::analysis {

// Counts of two samples over the same bins: bin i is [edges[i], edges[i + 1]) tokens.
struct LengthBins {
  std::vector<int64_t> edges;  // ascending; one more than bins (empty when both samples are)
  std::vector<int> target;     // per bin: the lengths asked for
  std::vector<int> measured;   // per bin: the lengths the server counted
};

// At most `max_bins` bins of a round width (1, 2 or 5 × 10^k tokens) covering both samples.
LengthBins length_bins(const std::vector<int64_t>& target, const std::vector<int64_t>& measured,
                       int max_bins = 12);

// A scenario's lengths: targets of every request, server counts of the successful ones.
struct ScenarioLengths {
  std::vector<int64_t> input_target;    // input_tokens_target (the row's own length)
  std::vector<int64_t> input_sent;      // input_tokens: usage.prompt_tokens
  std::vector<int64_t> output_target;   // output_tokens_target (max_tokens)
  std::vector<int64_t> output_counted;  // output_tokens: usage.completion_tokens
};

ScenarioLengths scenario_lengths(const std::vector<RequestRecord>& records);

// One slice of a scenario's time line; times from its first intended start.
struct TimelineBin {
  double start_s = 0;              // the bin's start (s)
  int arrivals = 0;                // requests whose intended start falls in it
  int completions = 0;             // successful requests that ended in it
  double output_tokens_per_s = 0;  // output tokens of those completions / bin width
  double ttft_p50_ms = 0;          // median TTFT of the successful requests sent in it (NaN: none)
  double e2el_p50_ms = 0;          // their median E2E latency (NaN: none)
};

struct Timeline {
  double bin_s = 0;  // width of every bin (s), a round 1, 2 or 5 × 10^k
  std::vector<TimelineBin> bins;
};

// At most `max_bins` bins from the first intended start to the last end; empty without records.
Timeline timeline(const std::vector<RequestRecord>& records, int max_bins = 40);

// Of a replay's requests that started more than `late_ms` after their intended start, how many
// found `cap` requests already in flight at that instant: those waited for a slot of the
// scenario's max_concurrency, and their lag is the cap's doing, not the client's. 0 when cap ≤ 0.
struct LateStarts {
  int late = 0;        // requests started more than late_ms after their intended start
  int at_the_cap = 0;  // ... of which `cap` others were in flight at their intended start
};
LateStarts late_starts(const std::vector<RequestRecord>& records, int cap, double late_ms = 10);

}  // namespace sonde::analysis
