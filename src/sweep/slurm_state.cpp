#include "sweep/slurm_state.hpp"

#include <array>

namespace sonde {
namespace {

// "CANCELLED by 1000" -> "CANCELLED"; "CANCELLED+" (squeue's truncation) -> "CANCELLED".
std::string_view word(std::string_view state) {
  const auto end = state.find_first_of(" +");
  return end == std::string_view::npos ? state : state.substr(0, end);
}

}  // namespace

bool slurm_state_final(std::string_view state) {
  static constexpr std::array<std::string_view, 10> kFinal{
      "COMPLETED",     "FAILED",    "TIMEOUT",  "CANCELLED", "NODE_FAIL",
      "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "PREEMPTED", "REVOKED"};
  const auto w = word(state);
  for (const auto f : kFinal) {
    if (w == f) return true;
  }
  return false;
}

std::optional<PointStatus> point_status_of_slurm_state(std::string_view state) {
  const auto w = word(state);
  if (w == "TIMEOUT" || w == "DEADLINE") return PointStatus::timeout;
  if (w == "NODE_FAIL" || w == "BOOT_FAIL") return PointStatus::node_fail;
  if (w == "CANCELLED" || w == "PREEMPTED" || w == "REVOKED") return PointStatus::cancelled;
  if (w == "OUT_OF_MEMORY") return PointStatus::out_of_memory;
  return std::nullopt;
}

}  // namespace sonde
