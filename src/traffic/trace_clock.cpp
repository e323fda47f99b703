#include "traffic/trace_clock.hpp"

#include <fmt/format.h>

namespace sonde::traffic {

double TraceClock::arrival(double timestamp_ms, const ErrorSite& site, const std::string& field) {
  if (!first_ms_) first_ms_ = timestamp_ms;
  if (timestamp_ms < last_ms_ && last_line_ > 0) {
    throw TrafficError(site, field,
                       fmt::format("goes backwards ({:.3f} ms before line {})",
                                   last_ms_ - timestamp_ms, last_line_),
                       "sort the trace by timestamp");
  }
  last_ms_ = timestamp_ms;
  last_line_ = site.line;
  return timestamp_ms - *first_ms_;
}

}  // namespace sonde::traffic
