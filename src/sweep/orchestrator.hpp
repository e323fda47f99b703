#pragma once
// Runs a sweep: for each point, check what sonde can know before launching, launch the server
// in its own process group, wait until healthy, run the suite against it (sonde run's engine),
// stop it and verify nothing survives. A failing point is recorded and the sweep goes on.
#include <atomic>
#include <string>

#include "report/findings.hpp"
#include "results/sweep_result.hpp"
#include "sweep/sweep_file.hpp"

namespace sonde {

struct SweepOptions {
  std::string out_dir;   // sweep directory (created; must not hold a sweep already)
  bool dry_run = false;  // print the commands, launch nothing
  RunOptions run;        // how every point is measured: defaults < file `run:` < flags
  report::ConclusionOptions conclusions;  // --goal, --slo, ... for the reports' section 5
  ExecutorSpec executor;  // where the points run: the file's `executor:` block, --executor wins
  bool detach = false;    // --detach: submit the points and return (queued executors only)
  std::string predicted_from;  // --predict: the fitted profile the simulator runs with ("" = none)
};

// Writes out_dir/sweep.json after every point, the points' run directories under
// out_dir/points/<point>/, and server logs under out_dir/server/<point>/server.log.
SweepResult run_sweep(const SweepSpec& spec, const SweepOptions& options,
                      const std::atomic<bool>& stop);

// One point on this machine: launch its server, wait until healthy, run the suite into
// out_dir/points/<point>/, stop the server. The local executor's work for each point, and a
// Slurm job's on its node (sweep/executor.hpp).
void run_sweep_point(const SweepSpec& spec, const SweepPoint& point, const SweepOptions& options,
                     const std::atomic<bool>& stop, PointResult& result, uint16_t planned_port);

}  // namespace sonde
