#pragma once
// The Slurm executor: each launched point is one sbatch job that runs `sonde sweep FILE --point
// NAME --out DIR` on its node (sweep/point_job.hpp) into the shared sweep directory; the
// submitting sonde follows the jobs with squeue/sacct and collects each point's result.json,
// classified by what Slurm says of the job (sweep/slurm_state.hpp) over what sonde recorded.
#include <atomic>
#include <memory>

#include "sweep/executor.hpp"

namespace sonde {

// Throws UsageError when sbatch cannot run here.
std::unique_ptr<PointExecutor> make_slurm_executor(const SweepSpec& spec, const SweepOptions& options,
                                                   const std::atomic<bool>& stop);

}  // namespace sonde
