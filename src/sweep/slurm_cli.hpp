#pragma once
// The Slurm client commands a sweep needs (sbatch, squeue, sacct, scancel), run as programs:
// sonde talks to the cluster only through the tools its users already use, so whatever works at
// their shell (SLURM_CONF, a login node's config) works for sonde.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sonde {

// Runs `sbatch --parsable ARGS` and returns the job id ("12345"). Throws Error with sbatch's own
// message when it refuses the job (unknown partition, bad --gres, ...).
std::string sbatch(const std::vector<std::string>& args);

// The state of each job that Slurm still knows (RUNNING, COMPLETED, TIMEOUT, ...): squeue
// first (it keeps finished jobs for the cluster's MinJobAge), then sacct for the ones it has
// forgotten. A job neither knows is absent from the map.
std::map<std::string, std::string> slurm_job_states(const std::vector<std::string>& ids);

// The node a running job was given, from squeue ("" when unknown).
std::string slurm_job_node(const std::string& id);

// Cancels the jobs (scancel); false with `error` set when scancel failed.
bool scancel(const std::vector<std::string>& ids, std::string& error);

// "" when sbatch can run here, else why not (not on PATH, or it fails to start).
std::string sbatch_problem();

}  // namespace sonde
