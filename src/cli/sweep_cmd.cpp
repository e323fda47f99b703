// `sonde sweep FILE`: launch the server over a matrix of settings and compare.
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/report_flags.hpp"
#include "cli/run_option_flags.hpp"
#include "server/process.hpp"
#include "results/json.hpp"
#include "sweep/orchestrator.hpp"
#include "sweep/point_job.hpp"
#include "sweep/predict.hpp"
#include "sweep/sweep_collect.hpp"
#include "sweep/sweep_file.hpp"
#include "util/error.hpp"
#include "util/utc.hpp"

namespace sonde {
namespace {

struct SweepFlags {
  std::string file;
  std::string out;
  RunOptionFlags options;  // --timeout-s, --seed, --lang, ... (the flags of `sonde run`)
  bool dry_run = false;
  ConclusionFlags conclusions;   // --goal, --slo, ... for the reports' conclusions
  std::string executor;          // --executor: local or slurm ("" = the file's, else local)
  std::string point;             // --point (internal): run this one point into --out
  std::string run_options_json;  // --run-options-json (internal): the submitter's run options
  bool detach = false;           // --detach: submit the points as jobs and exit
  std::string collect;           // --collect DIR: collect a detached sweep's finished points
  std::string predict;           // --predict PROFILE: run every point on the fitted simulator
  double predict_speed = 20;     // --predict-speed: the simulator's speed-up under --predict
};

// Signals are taken on a thread of their own (sigwait), never in a handler, so that stopping
// the servers can use locks: the first stops the sweep after the in-flight requests are
// recorded as cancelled and every server is stopped; the second kills the servers at once.
class SignalThread {
 public:
  explicit SignalThread(std::atomic<bool>& stop) : stop_(stop) {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGUSR1);  // our own wake-up at exit
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    thread_ = std::thread([this] {
      for (int seen = 0;;) {
        int sig = 0;
        sigwait(&set_, &sig);
        if (sig == SIGUSR1) return;
        if (++seen == 1) {
          fmt::print(stderr, "\nsonde: stopping the sweep (again to kill the servers at once)\n");
          stop_ = true;
        } else {
          stop_all_servers(true);
          std::_Exit(static_cast<int>(ExitCode::interrupted));
        }
      }
    });
  }
  ~SignalThread() {
    pthread_kill(thread_.native_handle(), SIGUSR1);
    thread_.join();
  }

 private:
  std::atomic<bool>& stop_;
  sigset_t set_;
  std::thread thread_;
};

RunOptions read_run_options_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("--run-options-json: cannot read {}", path));
  try {
    return nlohmann::json::parse(in).get<RunOptions>();
  } catch (const std::exception& e) {
    throw UsageError(
        fmt::format("--run-options-json: {} is not sonde's run options: {}", path, e.what()));
  }
}

// A cluster job's work on its node (sweep/point_job.hpp): exit 0 once the result is written.
int point_action(const SweepSpec& spec, SweepOptions& o, const SweepFlags& f) {
  if (f.out.empty()) throw UsageError("--point: needs --out, the sweep directory to write into");
  std::atomic<bool> stop{false};
  SignalThread signals(stop);
  run_point_job(spec, f.point, o, stop);
  return 0;
}

// --out, else sweep-<time> under the executor's shared output directory, else under results/.
std::string sweep_out_dir(const SweepFlags& f, const SweepOptions& o) {
  if (!f.out.empty()) return f.out;
  const std::string name = "sweep-" + utc_now("{:%Y%m%d-%H%M%S}");
  if (o.executor.kind == "slurm" && !o.executor.output.empty())
    return (std::filesystem::path(o.executor.output) / name).string();
  return "results/" + name;
}

// `--collect DIR`: the language and options of the sweep that submitted the jobs, flags win.
int collect_action(const CLI::App* cmd, const SweepFlags& f) {
  const std::string options = sweep_run_options_path(f.collect).string();
  RunOptions run = std::filesystem::exists(options) ? read_run_options_json(options) : RunOptions{};
  apply_run_option_flags(cmd, f.options, run);
  const SweepResult sweep = collect_sweep(f.collect, run.lang, conclusion_options(f.conclusions));
  int queued = 0;
  for (const auto& p : sweep.points) queued += p.status == PointStatus::submitted;
  if (queued > 0) {
    fmt::print("Sweep: {} point(s) still queued or running; run sonde sweep --collect {} again\n",
               queued, f.collect);
  } else {
    fmt::print("Sweep: complete\nResults: {}/sweep.json\nReport:  {}/report.md\n", f.collect,
               f.collect);
  }
  return 0;
}

int sweep_action(const CLI::App* cmd, const SweepFlags& f) {
  if (!f.collect.empty()) {
    if (!f.file.empty()) throw UsageError("--collect DIR takes no sweep file; the sweep is DIR's");
    return collect_action(cmd, f);
  }
  if (f.file.empty()) throw UsageError("FILE: a sweep file is required (or --collect DIR)");
  SweepSpec spec = load_sweep_file(f.file);
  if (!f.predict.empty()) {
    if (!f.point.empty() || !f.executor.empty() || f.detach) {
      throw UsageError(
          "--predict: runs every point here on the simulator; drop --executor, "
          "--detach and --point");
    }
    std::vector<std::string> dropped;
    spec = predicted_sweep(std::move(spec), f.predict, f.predict_speed, dropped);
    for (const auto& d : dropped) fmt::print(stderr, "sonde sweep --predict: dropped {}\n", d);
    fmt::print(stderr,
               "sonde sweep --predict: every point runs on sonde sim --profile-file {} at {}x; "
               "the figures are predictions, not measurements\n",
               f.predict, f.predict_speed);
  }
  SweepOptions o;
  o.predicted_from = f.predict;
  o.dry_run = f.dry_run;
  // The file's `run:` block (or the submitting sweep's options, for a cluster job); the flags
  // given on the command line win.
  o.run = f.run_options_json.empty() ? spec.run : read_run_options_json(f.run_options_json);
  apply_run_option_flags(cmd, f.options, o.run);
  validate(o.run);
  if (spec.capacity && !o.run.goodput.any()) {
    throw UsageError(fmt::format(
        "{}: capacity: needs the SLOs a load must meet: give capacity.goodput (e.g. \"ttft:500 "
        "tpot:50\") in the file, or --goodput",
        f.file));
  }
  o.conclusions = conclusion_options(f.conclusions);
  o.executor = spec.executor;
  if (!f.executor.empty()) {
    check_executor_kind(f.executor, "--executor");
    o.executor.kind = f.executor;
  }
  o.out_dir = sweep_out_dir(f, o);
  if (!f.point.empty()) return point_action(spec, o, f);
  o.detach = f.detach;
  if (o.detach && o.executor.kind != "slurm")
    throw UsageError("--detach: only with --executor slurm (a local sweep runs in this process)");
  std::atomic<bool> stop{false};
  SweepResult sweep;
  {
    SignalThread signals(stop);
    sweep = run_sweep(spec, o, stop);
  }
  if (o.detach && !f.dry_run && !stop.load()) {
    fmt::print("Sweep: {} point(s) submitted; collect the results with: sonde sweep --collect {}\n",
               std::count_if(sweep.points.begin(), sweep.points.end(),
                             [](const PointResult& p) { return p.status == PointStatus::submitted; }),
               o.out_dir);
    return 0;
  }
  if (f.dry_run) {
    // The ports are free now and a real run picks its own the same way; say so, not `8000`.
    fmt::print(
        "# {} point(s) to launch, each on a port free on this machine now; a real sweep "
        "plans its ports the same way when it starts\n",
        std::count_if(sweep.points.begin(), sweep.points.end(),
                      [](const PointResult& p) { return p.status == PointStatus::planned; }));
    for (const auto& p : sweep.points) {
      if (p.status == PointStatus::planned)
        fmt::print("{}\n", p.command);
      else
        fmt::print("# {} {}: {}\n", p.name, point_status_name(p.status), p.reason);
    }
    return 0;
  }
  int ok = 0;
  for (const auto& p : sweep.points) ok += p.status == PointStatus::ok;
  fmt::print(
      "Sweep: {} of {} points {}\nResults: {}/sweep.json\nReport:  {}/report.md (also "
      "report.html, summary.csv)\n",
      ok, sweep.points.size(),
      f.predict.empty() ? "measured" : "predicted (fitted simulator profile " + f.predict + ")",
      o.out_dir, o.out_dir);
  if (!sweep.complete) return static_cast<int>(ExitCode::interrupted);
  // Like `sonde run`: measured and written, but a point's run failed closed (--max-failed-pct).
  for (const auto& p : sweep.points) {
    if (p.status == PointStatus::invalid_run) {
      fmt::print(stderr, "sonde: point {} is not valid: {}\n", p.name, p.reason);
    }
  }
  const bool any_invalid =
      std::any_of(sweep.points.begin(), sweep.points.end(),
                  [](const PointResult& p) { return p.status == PointStatus::invalid_run; });
  return any_invalid ? static_cast<int>(ExitCode::invalid) : 0;
}

}  // namespace

Action add_sweep_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "sweep", "Launch the server over a matrix of settings, run the suite at each point, compare");
  auto f = std::make_shared<SweepFlags>();
  cmd->add_option("file", f->file, "Sweep file (YAML), e.g. examples/sweep-sim.yaml");
  cmd->add_option("--out", f->out, "Output directory (default results/sweep-<YYYYmmdd-HHMMSS>)");
  cmd->add_flag("--dry-run", f->dry_run, "Print the command of every point; launch nothing");
  cmd->add_option("--executor", f->executor,
                  "Where the points run: local (here, one after another; default) or slurm (one "
                  "sbatch job per point; see the sweep file's executor block)");
  cmd->add_flag("--detach", f->detach,
                "With --executor slurm: submit every point as a job and exit; collect later");
  cmd->add_option("--collect", f->collect,
                  "Collect a detached sweep: the finished jobs' points into DIR's sweep.json and "
                  "reports (no FILE)")
      ->type_name("DIR");
  cmd->add_option("--predict", f->predict,
                  "Predict the sweep instead of measuring it: every point runs on `sonde sim "
                  "--profile-file PROFILE` (a profile written by `sonde fit`), reports marked "
                  "predicted")
      ->type_name("PROFILE");
  cmd->add_option("--predict-speed", f->predict_speed,
                  "With --predict: the simulator runs this many times faster than real time")
      ->capture_default_str();
  // Internal: what a cluster job runs on its node (sweep/point_job.hpp).
  cmd->add_option("--point", f->point, "Run this one point of the sweep into --out")->group("");
  cmd->add_option("--run-options-json", f->run_options_json,
                  "The submitting sweep's run options (JSON)")
      ->group("");
  // Every measurement flag of `sonde run`, for every point (also settable in the file's `run:`).
  add_run_option_flags(cmd, f->options);
  add_conclusion_flags(cmd, f->conclusions);
  return [cmd, f] { return sweep_action(cmd, *f); };
}

}  // namespace sonde
