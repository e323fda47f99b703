#pragma once
// The executor seam: how a sweep's launched points get run. The sweep logic (expanding the
// points, the checks before launch, recording and reporting) lives in sweep/orchestrator.cpp and
// never asks which executor it has. `local` runs each point here, one after another; `slurm`
// submits each point as a job and collects the results; a Kubernetes executor (one Job per
// point) would be a third implementation of the same two calls.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "results/sweep_result.hpp"
#include "sweep/sweep_file.hpp"

namespace sonde {

struct SweepOptions;

class PointExecutor {
 public:
  virtual ~PointExecutor() = default;
  // Starts one point; `result` holds its name and settings. The executor either runs it to the
  // end now (status final) or queues it (status `submitted`, finished later by finish()).
  // `planned_port` is the port --dry-run printed (meaningful on this machine only).
  virtual void launch(const SweepPoint& point, uint16_t planned_port, PointResult& result) = 0;
  // Waits for every queued point of `points` and overwrites it with its final result, calling
  // `progress` after each (so that sweep.json is rewritten as points finish). Once `stop` is
  // set, what is still queued or running is cancelled and recorded as interrupted; what
  // finished is kept.
  virtual void finish(std::vector<PointResult>& points,
                      const std::function<void(const PointResult&)>& progress) = 0;
};

// The executor named by options.executor.kind ("local" or "slurm"). Throws UsageError when it
// cannot work here (e.g. slurm without sbatch on PATH), before anything is written.
std::unique_ptr<PointExecutor> make_executor(const SweepSpec& spec, const SweepOptions& options,
                                             const std::atomic<bool>& stop);

}  // namespace sonde
