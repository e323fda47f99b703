#pragma once
// Whether an open-loop scenario's queue only grows (docs/metrics.md "Capacity"): fed the
// in-flight count as requests finish, it samples that count at regular checkpoints once arrivals
// have settled and says "saturated" when it rose at every one of the last kRises checkpoints and,
// over them, at least doubled or grew by kLagShare of the requests that arrived meanwhile (the
// server finished at most 1 - kLagShare of the arrival rate). A capacity probe stops there: the
// server cannot keep up, and more of the same would only take longer to say so.
#include <optional>
#include <vector>

namespace sonde::analysis {

class SaturationWatch {
 public:
  static constexpr int kRises = 4;           // consecutive rises that make a trend
  static constexpr int kMinInFlight = 8;     // fewer in flight is not a queue worth stopping for
  static constexpr double kLagShare = 0.25;  // in-flight growth / arrivals that makes a trend

  // `first_arrival_ms`: the scenario's first intended start; `interval_ms`: checkpoint spacing
  // (same clock, > 0).
  SaturationWatch(double first_arrival_ms, double interval_ms);

  // One request finished at `now_ms`, leaving `in_flight` requests sent but not finished, of
  // `arrived` sent so far; `e2el_ms` is its latency when it succeeded. True once saturated (and
  // from then on).
  bool add(double now_ms, int in_flight, int arrived, std::optional<double> e2el_ms);

  // The in-flight count at the last checkpoint (0 before the first).
  int last_in_flight() const { return samples_.empty() ? 0 : samples_.back(); }

 private:
  double first_ms_;
  double interval_ms_;
  double next_ms_;
  std::vector<double> e2el_ms_;  // of the ok requests so far: arrivals settle one median later
  std::vector<int> samples_;     // in-flight count at each checkpoint after settling
  std::vector<int> arrived_;     // requests sent by each of those checkpoints
  bool saturated_ = false;
};

}  // namespace sonde::analysis
