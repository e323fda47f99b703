#pragma once
// --max-error-rate R/N: the failed share of the last N finished requests of a scenario. Judged
// only once enough requests finished that one early failure cannot abort a scenario by itself.
#include <cstddef>
#include <deque>

namespace sonde {

class ErrorRateWindow {
 public:
  // The smallest sample judged: min(window, kMinSample) finished requests.
  static constexpr int kMinSample = 10;

  // `max_rate` in [0, 1] (1 never trips: a share cannot exceed it); `window` >= 1.
  ErrorRateWindow(double max_rate, int window);

  // Adds one finished request; true when the failed share of the window now exceeds max_rate.
  bool add(bool failed);

  int size() const { return static_cast<int>(outcomes_.size()); }  // requests in the window
  int failed() const { return failed_; }                           // failed ones among them
  double rate() const;                                             // failed / size (0 if empty)

 private:
  double max_rate_;
  std::size_t window_;
  std::deque<bool> outcomes_;  // true = failed, oldest first
  int failed_ = 0;
};

}  // namespace sonde
