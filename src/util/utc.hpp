#pragma once
// Wall-clock timestamps for printing and file names (never for measuring intervals).
#include <fmt/chrono.h>

#include <chrono>
#include <string>

namespace sonde {

// Now in UTC, formatted with an fmt chrono spec, e.g. "{:%Y-%m-%dT%H:%M:%SZ}" (checked when
// compiled).
inline std::string utc_now(fmt::format_string<std::tm> spec) {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  return fmt::format(spec, fmt::gmtime(now));
}

}  // namespace sonde
