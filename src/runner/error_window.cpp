#include "runner/error_window.hpp"

#include <algorithm>

namespace sonde {

ErrorRateWindow::ErrorRateWindow(double max_rate, int window)
    : max_rate_(max_rate), window_(static_cast<std::size_t>(std::max(1, window))) {}

bool ErrorRateWindow::add(bool failed) {
  outcomes_.push_back(failed);
  failed_ += failed ? 1 : 0;
  if (outcomes_.size() > window_) {
    failed_ -= outcomes_.front() ? 1 : 0;
    outcomes_.pop_front();
  }
  const std::size_t min_sample = std::min<std::size_t>(window_, kMinSample);
  return outcomes_.size() >= min_sample && rate() > max_rate_;
}

double ErrorRateWindow::rate() const {
  return outcomes_.empty() ? 0 : static_cast<double>(failed_) / static_cast<double>(outcomes_.size());
}

}  // namespace sonde
