#include "sweep/slurm_executor.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "results/atomic_file.hpp"
#include "results/json.hpp"
#include "server/command.hpp"
#include "sweep/orchestrator.hpp"
#include "sweep/point_job.hpp"
#include "sweep/slurm_cli.hpp"
#include "sweep/slurm_state.hpp"
#include "util/error.hpp"

namespace fs = std::filesystem;

namespace sonde {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kPollInterval = std::chrono::seconds(1);
// A job neither squeue nor sacct knows this many polls in a row is taken as gone for good.
constexpr int kMissesForGone = 3;
// After scancel, how long the jobs get to stop (Slurm's KillWait is 30 s by default).
constexpr auto kCancelGrace = std::chrono::seconds(90);

struct Job {
  std::string point;  // "p01"
  std::string id;     // Slurm job id
  std::string state;  // last state seen ("" before the first poll)
  int misses = 0;     // polls in a row that found no state
  bool done = false;  // collected
};

class SlurmExecutor : public PointExecutor {
 public:
  SlurmExecutor(const SweepSpec& spec, const SweepOptions& options, const std::atomic<bool>& stop)
      : spec_(spec), options_(options), stop_(stop),
        out_(fs::absolute(options.out_dir).lexically_normal().string()) {}

  void launch(const SweepPoint& point, uint16_t /*planned_port*/, PointResult& result) override {
    if (!wrote_options_) {
      fs::create_directories(fs::path(out_) / "slurm");
      write_file_atomic(sweep_run_options_path(out_), nlohmann::json(options_.run).dump(2) + "\n");
      wrote_options_ = true;
    }
    const fs::path dir = point_job_dir(out_, point.name);
    fs::create_directories(dir);
    std::string id;
    try {
      id = sbatch(sbatch_args(point.name, dir));
    } catch (const Error& e) {
      // The first refusal is the executor block's fault (partition, gres, ...): nothing runs.
      if (jobs_.empty()) {
        std::error_code ec;
        fs::remove_all(fs::path(out_) / "slurm", ec);  // no partial files of a sweep never run
        throw UsageError(fmt::format(
            "--executor slurm: {}; check the sweep file's executor block (partition, gres, time, "
            "account, extra_args)",
            e.what()));
      }
      result.status = PointStatus::crashed;
      result.reason = e.what();
      return;
    }
    result.status = PointStatus::submitted;
    result.job_id = id;
    Job job;
    job.point = point.name;
    job.id = id;
    jobs_.push_back(std::move(job));
    fmt::print(stderr, "sweep {}: submitted as Slurm job {}\n", point.name, id);
  }

  void finish(std::vector<PointResult>& points,
              const std::function<void(const PointResult&)>& progress) override {
    if (options_.detach) return;  // `sonde sweep --collect DIR` picks them up later
    bool cancelled = false;
    Clock::time_point cancel_deadline;
    for (;;) {
      std::vector<std::string> pending;
      for (const auto& j : jobs_) {
        if (!j.done) pending.push_back(j.id);
      }
      if (pending.empty()) return;
      if (stop_.load() && !cancelled) {
        std::string error;
        fmt::print(stderr, "sweep: cancelling {} Slurm job(s)\n", pending.size());
        if (!scancel(pending, error)) fmt::print(stderr, "sweep: scancel failed: {}\n", error);
        cancelled = true;
        cancel_deadline = Clock::now() + kCancelGrace;
      }
      const auto states = slurm_job_states(pending);
      for (auto& j : jobs_) {
        if (j.done) continue;
        const auto it = states.find(j.id);
        if (it == states.end() && ++j.misses < kMissesForGone) continue;
        const std::string state = it == states.end() ? "UNKNOWN" : it->second;
        if (it != states.end()) j.misses = 0;
        if (state != j.state) {
          j.state = state;
          if (!slurm_state_final(state))
            fmt::print(stderr, "sweep {}: job {} {}\n", j.point, j.id, state);
        }
        if (!slurm_state_final(state) && state != "UNKNOWN") continue;
        PointResult& slot = point_slot(points, j.point);
        slot = collect_job_point(out_, slot, state, cancelled, options_.executor.time);
        j.done = true;
        progress(slot);
      }
      if (cancelled && Clock::now() > cancel_deadline) {
        give_up(points, progress);
        return;
      }
      for (auto waited = Clock::duration::zero();
           waited < kPollInterval && !(stop_.load() && !cancelled);
           waited += std::chrono::milliseconds(100)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  }

 private:
  static PointResult& point_slot(std::vector<PointResult>& points, const std::string& name) {
    for (auto& p : points) {
      if (p.name == name) return p;
    }
    throw Error(ExitCode::failure, "sweep point " + name + " missing from the sweep");
  }

  std::vector<std::string> sbatch_args(const std::string& point, const fs::path& dir) const {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    // The same binary, sweep file and directory on the node: they must be on a shared path.
    const std::vector<std::string> job{ec ? std::string("sonde") : self.string(),
                                       "sweep",
                                       fs::absolute(spec_.source_path).lexically_normal().string(),
                                       "--point",
                                       point,
                                       "--out",
                                       out_,
                                       "--run-options-json",
                                       sweep_run_options_path(out_).string()};
    const ExecutorSpec& e = options_.executor;
    std::vector<std::string> args{"--job-name=sonde-" + point,
                                  "--output=" + (dir / "job.log").string(),
                                  "--chdir=" + fs::current_path().string()};
    if (!e.partition.empty()) args.push_back("--partition=" + e.partition);
    if (!e.gres.empty()) args.push_back("--gres=" + e.gres);
    if (!e.time.empty()) args.push_back("--time=" + e.time);
    if (!e.account.empty()) args.push_back("--account=" + e.account);
    args.insert(args.end(), e.extra_args.begin(), e.extra_args.end());
    // exec: Slurm's signals (time limit, scancel) reach sonde itself, which stops its server.
    args.push_back("--wrap=exec " + render_shell_line(job, {}));
    return args;
  }

  void give_up(std::vector<PointResult>& points,
               const std::function<void(const PointResult&)>& progress) {
    for (auto& j : jobs_) {
      if (j.done) continue;
      PointResult& slot = point_slot(points, j.point);
      slot.status = PointStatus::interrupted;
      slot.reason = fmt::format("Slurm job {} still {} after scancel", j.id, j.state);
      j.done = true;
      progress(slot);
    }
  }

  const SweepSpec& spec_;
  const SweepOptions& options_;
  const std::atomic<bool>& stop_;
  const std::string out_;  // the sweep directory, absolute: the jobs write into it
  bool wrote_options_ = false;
  std::vector<Job> jobs_;
};

}  // namespace

std::unique_ptr<PointExecutor> make_slurm_executor(const SweepSpec& spec, const SweepOptions& options,
                                                   const std::atomic<bool>& stop) {
  if (const std::string problem = sbatch_problem(); !problem.empty()) {
    throw UsageError(fmt::format(
        "--executor slurm: {}; run the sweep on a Slurm login node, or start a one-node cluster "
        "here with scripts/slurm-local.sh start",
        problem));
  }
  return std::make_unique<SlurmExecutor>(spec, options, stop);
}

}  // namespace sonde
