#pragma once
#include <cstdint>
#include <string>

namespace sonde {

// vLLM's human-readable integers: "32768", "32k" (x1000), "32K" (x1024), "1m"/"1M" likewise.
// Throws UsageError naming `flag` on anything else.
int64_t parse_human_int(const std::string& text, const std::string& flag);

}  // namespace sonde
