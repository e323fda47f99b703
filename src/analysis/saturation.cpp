#include "analysis/saturation.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace sonde::analysis {

SaturationWatch::SaturationWatch(double first_arrival_ms, double interval_ms)
    : first_ms_(first_arrival_ms), interval_ms_(interval_ms),
      next_ms_(first_arrival_ms + interval_ms) {}

bool SaturationWatch::add(double now_ms, int in_flight, int arrived, std::optional<double> e2el_ms) {
  if (saturated_) return true;
  if (e2el_ms) e2el_ms_.push_back(*e2el_ms);
  if (now_ms < next_ms_ || interval_ms_ <= 0) return false;
  next_ms_ = first_ms_ + (std::floor((now_ms - first_ms_) / interval_ms_) + 1) * interval_ms_;
  if (e2el_ms_.empty()) return false;
  // The in-flight count of a server that keeps up fills for about one latency (Little's law),
  // then stays level: checkpoints before that are the fill, not a trend.
  auto mid = e2el_ms_.begin() + static_cast<std::ptrdiff_t>(e2el_ms_.size() / 2);
  std::nth_element(e2el_ms_.begin(), mid, e2el_ms_.end());
  if (now_ms < first_ms_ + *mid) return false;
  samples_.push_back(in_flight);
  arrived_.push_back(arrived);
  const std::size_t n = samples_.size();
  if (n < static_cast<std::size_t>(kRises + 1)) return false;
  const std::size_t from = n - (kRises + 1);
  for (std::size_t k = from + 1; k < n; ++k) {
    if (samples_[k] <= samples_[k - 1]) return false;
  }
  const int grew = samples_.back() - samples_[from];
  const int came = arrived_.back() - arrived_[from];
  saturated_ = samples_.back() >= kMinInFlight &&
               (samples_.back() >= 2 * samples_[from] || grew >= kLagShare * came);
  return saturated_;
}

}  // namespace sonde::analysis
