#pragma once
// Arrival times of a trace: relative to the first row, never going backwards. Internal to
// src/traffic/.
#include <optional>
#include <string>

#include "traffic/error.hpp"

namespace sonde::traffic {

class TraceClock {
 public:
  // `timestamp_ms` of the row at `site`, as ms since the first row; earlier than the previous
  // row is a TrafficError naming `field` and both lines.
  double arrival(double timestamp_ms, const ErrorSite& site, const std::string& field);

 private:
  std::optional<double> first_ms_;
  double last_ms_ = 0;
  std::size_t last_line_ = 0;
};

}  // namespace sonde::traffic
