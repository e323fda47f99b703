#include "traffic/facts.hpp"

#include <fmt/format.h>

namespace sonde::traffic {

std::string_view to_string(SkipReason reason) {
  switch (reason) {
    case SkipReason::no_human_turn:
      return "no_human_turn";
    case SkipReason::no_answer:
      return "no_answer";
    case SkipReason::too_long:
      return "too_long";
    case SkipReason::empty_line:
      return "empty_line";
  }
  return "unknown";
}

std::uint64_t SourceFacts::rows_skipped() const {
  std::uint64_t n = 0;
  for (const auto& [reason, count] : skipped) n += count;
  return n;
}

std::string SourceFacts::skipped_summary() const {
  std::string out;
  for (const auto& [reason, count] : skipped) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", count, to_string(reason));
  }
  return out.empty() ? "none" : out;
}

}  // namespace sonde::traffic
