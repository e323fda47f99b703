// The default executor: each point on this machine, one after another, to its end at launch.
#include "sweep/executor.hpp"
#include "sweep/orchestrator.hpp"
#include "sweep/slurm_executor.hpp"

namespace sonde {
namespace {

class LocalExecutor : public PointExecutor {
 public:
  LocalExecutor(const SweepSpec& spec, const SweepOptions& options, const std::atomic<bool>& stop)
      : spec_(spec), options_(options), stop_(stop) {}

  void launch(const SweepPoint& point, uint16_t planned_port, PointResult& result) override {
    run_sweep_point(spec_, point, options_, stop_, result, planned_port);
  }

  // Every point ran to its end in launch().
  void finish(std::vector<PointResult>&, const std::function<void(const PointResult&)>&) override {}

 private:
  const SweepSpec& spec_;
  const SweepOptions& options_;
  const std::atomic<bool>& stop_;
};

}  // namespace

std::unique_ptr<PointExecutor> make_executor(const SweepSpec& spec, const SweepOptions& options,
                                             const std::atomic<bool>& stop) {
  if (options.executor.kind == "slurm") return make_slurm_executor(spec, options, stop);
  return std::make_unique<LocalExecutor>(spec, options, stop);
}

}  // namespace sonde
