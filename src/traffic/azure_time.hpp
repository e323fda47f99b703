#pragma once
// The TIMESTAMP column of Azure's LLM inference traces: "2023-11-16 18:15:46.6805900" (UTC,
// fractional seconds of any length; the public traces use 7 digits). Internal to src/traffic/.
#include <cstdint>
#include <optional>
#include <string_view>

namespace sonde::traffic {

// Nanoseconds since 1970-01-01 00:00:00 UTC (integer, so that differences keep the 100 ns steps
// of the public traces; digits past the ninth are dropped), or nullopt when `text` is not
// "YYYY-MM-DD HH:MM:SS[.fraction]" (a 'T' may stand for the space) with a real date and time in
// the years 1970-2200.
std::optional<std::int64_t> parse_azure_timestamp_ns(std::string_view text);

}  // namespace sonde::traffic
