#pragma once
// What sonde can know before launching a point: settings vLLM would reject, and points that need
// more GPUs than are visible (recorded as skipped, never launched).
#include <optional>
#include <string>

#include "results/sweep_result.hpp"
#include "sweep/sweep_file.hpp"

namespace sonde {

struct PreLaunchVerdict {
  PointStatus status = PointStatus::skipped;  // skipped (cannot run here) or invalid_config
                                              // (vLLM would reject)
  std::string reason;                         // one line: what and why, in vLLM's terms
};

// GPUs the point's server uses: tensor-parallel-size x pipeline-parallel-size (each 1 when
// unset), from the point's flags over the fixed args.
int gpus_used(const SweepSpec& spec, const SweepPoint& point);

std::optional<PreLaunchVerdict> check_point(const SweepSpec& spec, const SweepPoint& point);

}  // namespace sonde
