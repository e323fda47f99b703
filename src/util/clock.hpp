#pragma once
// All intervals use steady_clock; system_clock only for printed timestamps.
#include <chrono>

namespace sonde {

using Clock = std::chrono::steady_clock;

// Milliseconds from `from` to `to` as a double (negative when `to` is earlier).
inline double ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

}  // namespace sonde
