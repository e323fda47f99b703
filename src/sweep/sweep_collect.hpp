#pragma once
// `sonde sweep --collect DIR`: the points a detached sweep (--detach) left queued on the
// cluster, collected as far as their jobs have finished, and the reports rebuilt.
#include <string>

#include "report/findings.hpp"
#include "report/lang.hpp"
#include "results/sweep_result.hpp"

namespace sonde {

// Reads DIR/sweep.json, asks Slurm about every `submitted` point's job, collects those that have
// finished (sweep/point_job.hpp), and rewrites sweep.json and the reports; complete once none is
// left queued. Throws UsageError naming the file when DIR holds no readable sweep.
SweepResult collect_sweep(const std::string& dir, Lang lang,
                          const report::ConclusionOptions& conclusions);

}  // namespace sonde
