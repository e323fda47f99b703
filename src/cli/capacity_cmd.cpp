// `sonde capacity`: flags -> CapacityPlan -> runner::execute_capacity -> exit code.
#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/run_option_flags.hpp"
#include "cli/stop_signals.hpp"
#include "cli/target_flags.hpp"
#include "runner/capacity_run.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

std::atomic<bool> g_stop{false};

struct CapacityFlags {
  CapacityPlan cap;
  TargetFlags target;      // --base-url / --sim ... (shared with `sonde run`)
  RunOptionFlags options;  // --goodput, --timeout-s, --seed, ... (shared with run and sweep)
  std::string load = "rate";
};

void check_flags(const CapacityPlan& cap) {
  if (!cap.plan.options.goodput.any()) {
    throw UsageError(
        "--goodput: required by sonde capacity: the SLOs a load must meet, e.g. "
        "--goodput ttft:500 tpot:50");
  }
  const double t = cap.search.target_pct;
  if (!(t > 0 && t <= 100)) {
    throw UsageError(fmt::format(
        "--attainment {}: must be in (0, 100], the share of requests (%) that must meet the "
        "--goodput SLOs, e.g. --attainment 90",
        t));
  }
  if (cap.input_len < 1 || cap.output_len < 1) {
    throw UsageError("--input-len and --output-len: required, each at least 1 token");
  }
  const double start = cap.search.start_load;
  const double max = cap.search.max_load;
  if (!(start > 0) || !(max >= start)) {
    throw UsageError(fmt::format(
        "--start-rate {} / --max-rate {}: need 0 < --start-rate <= --max-rate", start, max));
  }
  if (cap.concurrency && (start != std::floor(start) || max != std::floor(max))) {
    throw UsageError(
        fmt::format("--start-rate {} / --max-rate {}: with --load concurrency they are "
                    "concurrency levels, whole numbers",
                    start, max));
  }
  if (!(cap.probe_s > 0)) {
    throw UsageError(fmt::format("--probe-s {}: must be > 0 seconds", cap.probe_s));
  }
}

std::string load_text(const CapacityResult& c, double load) {
  return c.load == "rate" ? fmt::format("{:g} req/s", load) : fmt::format("concurrency {:g}", load);
}

int report(const CapacityRun& r, const CapacityResult& c) {
  const std::string& dir = r.out_dir;
  if (r.code == ExitCode::server_gone || r.code == ExitCode::interrupted) {
    fmt::print(
        stderr,
        "sonde: capacity search stopped: {}; the {} probe(s) measured are in {}/capacity.json\n",
        r.run.incomplete_reason, c.probes.size(), dir);
    return static_cast<int>(r.code);
  }
  if (c.status == "lowest_fails") {
    const CapacityProbe* last = c.probes.empty() ? nullptr : &c.probes.back();
    fmt::print(stderr,
               "sonde: the lowest load probed already fails the SLOs: at {} the steady-state "
               "attainment was {:.1f} % (target {:g} %, --goodput {}); try a lower --start-rate "
               "or looser --goodput (see {}/report.md)\n",
               last ? load_text(c, last->load) : "?", last ? last->attainment_pct : 0.0,
               c.target_pct, to_string(c.slos), dir);
    return static_cast<int>(ExitCode::invalid);
  }
  fmt::print(
      "Capacity: {} with >= {:g} % of requests meeting {} (output {:.0f} tok/s); "
      "bracket [{:g}, {:g}], {} probes\n",
      load_text(c, c.capacity.value_or(0)), c.target_pct, to_string(c.slos),
      c.capacity_output_tps.value_or(0), c.bracket_lo, c.bracket_hi, c.probes.size());
  if (c.status == "at_max") {
    fmt::print(
        "The highest load allowed (--max-rate {:g}) met the SLOs: capacity is at least "
        "that; raise --max-rate to search higher.\n",
        c.max_load);
  }
  fmt::print("Results: {}/capacity.json\nReport:  {}/report.md\n", dir, dir);
  return 0;
}

int capacity_action(const CLI::App* cmd, CapacityFlags& f) {
  CapacityPlan cap = f.cap;
  apply_run_option_flags(cmd, f.options, cap.plan.options);
  apply_single_target(f.target, cap.plan);
  cap.concurrency = f.load == "concurrency";
  cap.search.integer = cap.concurrency;
  check_flags(cap);
  std::atomic<int> stop_signal{0};
  CapacityRun run;
  {
    StopSignals signals(g_stop, stop_signal);
    run = execute_capacity(cap, g_stop, &stop_signal);
  }
  return report(run, *run.run.capacity);
}

}  // namespace

Action add_capacity_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "capacity",
      "Find the highest request rate (or concurrency) whose requests still meet --goodput SLOs");
  auto f = std::make_shared<CapacityFlags>();
  CapacityPlan& c = f->cap;
  add_target_flags(cmd, f->target, c.plan, /*ab=*/false);  // shared with `sonde run`
  cmd->add_option("--input-len", c.input_len, "Prompt tokens of every request")->required();
  cmd->add_option("--output-len", c.output_len, "Output tokens of every request")->required();
  cmd->add_option("--attainment", c.search.target_pct,
                  "Share of requests (%) that must meet the --goodput SLOs, in (0, 100]")
      ->capture_default_str();
  cmd->add_option("--load", f->load, "What to search: rate (req/s, open loop) or concurrency")
      ->check(CLI::IsMember({"rate", "concurrency"}))
      ->capture_default_str();
  cmd->add_option("--start-rate", c.search.start_load,
                  "First load probed (req/s, or concurrency); the search doubles from there")
      ->capture_default_str();
  cmd->add_option("--max-rate", c.search.max_load, "Highest load probed (req/s, or concurrency)")
      ->capture_default_str();
  cmd->add_option("--probe-s", c.probe_s,
                  "Seconds of arrivals per rate probe (simulated seconds with --sim); a "
                  "concurrency probe sends 8 requests per worker")
      ->capture_default_str();
  add_run_option_flags(cmd, f->options);  // the measurement flags, shared with run and sweep
  return [cmd, f] { return capacity_action(cmd, *f); };
}

}  // namespace sonde
