#pragma once
// Slurm job states as squeue (%T), scontrol (JobState=) and sacct (State) print them, and what a
// finished job's state means for its sweep point.
#include <optional>
#include <string_view>

#include "results/sweep_result.hpp"

namespace sonde {

// True when the job will not run again: COMPLETED, FAILED, TIMEOUT, CANCELLED ("CANCELLED by
// 1000" as sacct writes it), NODE_FAIL, OUT_OF_MEMORY, BOOT_FAIL, DEADLINE, PREEMPTED, REVOKED.
bool slurm_state_final(std::string_view state);

// The status the cluster imposes on a finished job's point: TIMEOUT and DEADLINE -> timeout,
// NODE_FAIL and BOOT_FAIL -> node_fail, CANCELLED and PREEMPTED -> cancelled, OUT_OF_MEMORY ->
// out_of_memory. nullopt for a job that ended on its own (COMPLETED, FAILED): then what sonde
// recorded on the node decides (ok, oom_startup, kv_cache_insufficient, ...).
std::optional<PointStatus> point_status_of_slurm_state(std::string_view state);

}  // namespace sonde
