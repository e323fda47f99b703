#include "sweep/orchestrator.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <vector>

#include "analysis/capacity_ranking.hpp"
#include "config/plan.hpp"
#include "results/atomic_file.hpp"
#include "runner/capacity_run.hpp"
#include "runner/runner.hpp"
#include "server/command.hpp"
#include "server/port.hpp"
#include "server/process.hpp"
#include "sweep/executor.hpp"
#include "sweep/sweep_output.hpp"
#include "sweep/validate.hpp"
#include "util/error.hpp"
#include "util/redact.hpp"
#include "util/utc.hpp"

namespace fs = std::filesystem;

namespace sonde {
namespace {

// "sonde" in a server command means this very binary, so `sonde sim` works without PATH.
std::vector<std::string> resolve_command(std::vector<std::string> argv) {
  if (!argv.empty() && argv[0] == "sonde") {
    std::error_code ec;
    const auto self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) argv[0] = self.string();
  }
  return argv;
}

bool is_sonde_sim(const SweepSpec& spec) {
  return spec.command.size() >= 2 && spec.command[0] == "sonde" && spec.command[1] == "sim";
}

double sim_speed(const SweepSpec& spec, const SweepPoint& point) {
  const FlagValue* v = find_flag(spec, point, "speed");
  if (v == nullptr) return spec.sim_speed;
  if (const auto* d = std::get_if<double>(v)) return *d;
  if (const auto* i = std::get_if<int64_t>(v)) return static_cast<double>(*i);
  return spec.sim_speed;
}

std::vector<std::string> point_argv(const SweepSpec& spec, const SweepPoint& point, uint16_t port) {
  ServerCommand cmd;
  cmd.base = resolve_command(spec.command);
  for (const auto& f : spec.fixed_args) {
    bool overridden = false;
    for (const auto& p : point.flags) overridden = overridden || p.first == f.first;
    if (!overridden) cmd.flags.push_back(f);
  }
  for (const auto& f : point.flags) cmd.flags.push_back(f);
  return render_argv(cmd, RenderOptions{port, std::string("127.0.0.1")});
}

Plan point_plan(const SweepSpec& spec, const SweepPoint& point, const SweepOptions& o,
                const std::string& base_url, const std::string& command_line, const std::string& dir) {
  Plan plan;
  plan.base_url = base_url;
  plan.model = spec.model;
  plan.scenarios = spec.scenarios;
  plan.suite_source = spec.source_path;
  plan.out_dir = dir;
  plan.options = o.run;
  plan.server_args = command_line;
  plan.wiring.server_args_source = "launched";
  if (is_sonde_sim(spec)) {
    plan.wiring.simulated_server = true;
    plan.wiring.time_scale = sim_speed(spec, point);
  }
  return plan;
}

// The planned port while it is still free (what --dry-run printed), else a new free one; a
// --port in the sweep file's own args is the server's port whatever was planned.
uint16_t launch_port(const SweepSpec& spec, const SweepPoint& point, uint16_t planned) {
  if (const auto given = find_port_arg(point_argv(spec, point, planned))) return *given;
  if (port_is_free(planned)) return planned;
  const uint16_t other = pick_free_port();
  fmt::print(stderr, "sweep {}: port {} was free when planned but is taken now; using {}\n",
             point.name, planned, other);
  return other;
}

// "points/p01: invalid scenarios c1 (no_request_succeeded), ..." for the point's reason.
std::string invalid_run_reason(const RunResult& run, const std::string& dir) {
  std::string scenarios;
  for (const auto& s : run.scenarios) {
    if (s.valid) continue;
    std::string why;
    for (InvalidReason r : s.invalid_reasons)
      why += (why.empty() ? "" : ", ") + std::string(to_string(r));
    scenarios += fmt::format("{}{} ({})", scenarios.empty() ? "" : ", ", s.spec.name, why);
  }
  return fmt::format("{}: invalid scenarios {} (--max-failed-pct {})", dir, scenarios,
                     run.options.max_failed_pct);
}

// The point's capacity search (the file's `capacity:` block) into DIR/points/<point>/capacity:
// a run whose scenarios are the probes, with capacity.json beside it.
PointCapacity measure_capacity(const SweepSpec& spec, const SweepPoint& point,
                               const SweepOptions& o, const std::string& url,
                               const std::string& command_line, const std::atomic<bool>& stop) {
  const std::string rel = fmt::format("points/{}/capacity", point.name);
  CapacityPlan cap = capacity_plan(*spec.capacity);
  cap.plan = point_plan(spec, point, o, url, command_line, (fs::path(o.out_dir) / rel).string());
  cap.plan.scenarios.clear();
  const CapacityRun run = execute_capacity(cap, stop);
  return analysis::point_capacity(*run.run.capacity, gpus_used(spec, point), rel);
}

void run_point(const SweepSpec& spec, const SweepPoint& point, const SweepOptions& o,
               const std::atomic<bool>& stop, PointResult& result, uint16_t planned_port) {
  const uint16_t port = launch_port(spec, point, planned_port);
  const auto argv = point_argv(spec, point, port);
  result.command = render_shell_line(argv, spec.env);
  ServerOptions so;
  so.argv = argv;
  so.env = spec.env;
  so.log_path = fs::path(o.out_dir) / "server" / point.name / "server.log";
  // A key the sweep file gives the server (--api-key K, VLLM_API_KEY) stays out of every file.
  so.secrets = api_key_args(result.command);
  if (const auto it = spec.env.find("VLLM_API_KEY"); it != spec.env.end())
    so.secrets.push_back(it->second);
  for (const auto& k : so.secrets) add_secret(k);
  so.port = port;
  ServerProcess server(so);
  HealthOptions ho;
  ho.timeout = std::chrono::milliseconds(static_cast<int64_t>(spec.startup_timeout_s * 1000));
  const std::string url = fmt::format("http://127.0.0.1:{}", port);
  const HealthResult health = server.wait_healthy(url, ho);
  result.startup_facts = server.startup_facts();
  if (health.status != HealthStatus::healthy) {
    if (health.status == HealthStatus::interrupted || stop.load()) {
      result.status = PointStatus::interrupted;
    } else if (health.failure) {
      result.status = point_status_of(health.failure->kind);
      result.reason = health.failure->message;
      result.failure = health.failure;
    }
    result.stop = server.stop();
    return;
  }
  for (int k = 0; k < spec.runs && !stop.load() && !spec.scenarios.empty(); ++k) {
    const std::string rel = spec.runs == 1 ? "points/" + point.name
                                           : fmt::format("points/{}/run-{}", point.name, k + 1);
    std::string dir;
    RunResult run = execute(
        point_plan(spec, point, o, url, result.command, (fs::path(o.out_dir) / rel).string()), stop,
        dir);
    result.run_dirs.push_back(rel);
    result.runs.push_back(std::move(run));
  }
  if (spec.capacity && !stop.load())
    result.capacity = measure_capacity(spec, point, o, url, result.command, stop);
  result.status = stop.load() ? PointStatus::interrupted : PointStatus::ok;
  // A run that failed closed is no measurement of these settings: mark the point so that no
  // comparison or recommendation averages it in (they all take ok points only).
  for (std::size_t k = 0; k < result.runs.size() && result.status == PointStatus::ok; ++k) {
    if (result.runs[k].valid) continue;
    result.status = PointStatus::invalid_run;
    result.reason = invalid_run_reason(result.runs[k], result.run_dirs[k]);
  }
  if (const auto died = server.runtime_failure()) {
    result.status = point_status_of(died->kind);
    result.reason = died->message;
    result.failure = died;
  }
  result.stop = server.stop();
}

void print_outcome(const PointResult& p) {
  fmt::print(stderr, "sweep {}: {}{}\n", p.name, point_status_name(p.status),
             p.reason.empty() ? "" : " (" + p.reason + ")");
}

}  // namespace

void run_sweep_point(const SweepSpec& spec, const SweepPoint& point, const SweepOptions& o,
                     const std::atomic<bool>& stop, PointResult& result, uint16_t planned_port) {
  run_point(spec, point, o, stop, result, planned_port);
}

SweepResult run_sweep(const SweepSpec& spec, const SweepOptions& o, const std::atomic<bool>& stop) {
  SweepResult sweep;
  sweep.tool_version = SONDE_VERSION;
  sweep.sweep_file = spec.source_path;
  sweep.started_at = utc_now("{:%Y-%m-%dT%H:%M:%SZ}");
  sweep.executor = o.executor.kind;
  sweep.predicted_from = o.predicted_from;
  for (const auto& [flag, values] : spec.axes) {
    std::vector<std::string> texts;
    for (const auto& v : values) texts.push_back(flag_value_text(v));
    sweep.axes.emplace_back(flag, texts);
  }
  std::unique_ptr<PointExecutor> executor;
  if (!o.dry_run) executor = make_executor(spec, o, stop);
  if (!o.dry_run) prepare_sweep_dir(o.out_dir);
  // Ports are planned up front, one per launched point, so that --dry-run prints the very
  // commands a run would start (a run plans its own the same way when it starts).
  const auto points = expand_points(spec);
  std::vector<std::optional<PreLaunchVerdict>> verdicts;
  std::size_t launched = 0;
  for (const auto& point : points) {
    verdicts.push_back(check_point(spec, point));
    launched += verdicts.back() ? 0 : 1;
  }
  const std::vector<uint16_t> ports = pick_free_ports(launched);
  std::size_t next_port = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const SweepPoint& point = points[i];
    PointResult p;
    p.name = point.name;
    for (const auto& [flag, value] : point.flags)
      p.settings.emplace_back(flag, flag_value_text(value));
    if (stop.load()) break;
    if (const auto& verdict = verdicts[i]) {
      p.status = verdict->status;
      p.reason = verdict->reason;
      p.command = render_shell_line(point_argv(spec, point, 0), spec.env);
    } else if (o.dry_run) {
      p.status = PointStatus::planned;
      p.command = render_shell_line(point_argv(spec, point, ports[next_port++]), spec.env);
    } else {
      fmt::print(stderr, "sweep {}: {}\n", point.name, describe(point.flags));
      executor->launch(point, ports[next_port++], p);
      if (p.status != PointStatus::submitted) print_outcome(p);
    }
    sweep.points.push_back(std::move(p));
    if (!o.dry_run) write_sweep_outputs(o.out_dir, sweep, to_string(o.run.lang), o.conclusions);
  }
  if (executor) {
    executor->finish(sweep.points, [&](const PointResult& p) {
      print_outcome(p);
      write_sweep_outputs(o.out_dir, sweep, to_string(o.run.lang), o.conclusions);
    });
  }
  const bool queued = std::any_of(sweep.points.begin(), sweep.points.end(),
                                  [](const auto& p) { return p.status == PointStatus::submitted; });
  sweep.complete = !stop.load() && !queued;
  if (stop.load())
    sweep.incomplete_reason = "interrupted by signal";
  else if (queued)
    sweep.incomplete_reason =
        "points queued on the cluster; collect them with sonde sweep --collect DIR";
  sweep.finished_at = utc_now("{:%Y-%m-%dT%H:%M:%SZ}");
  if (!o.dry_run) write_sweep_outputs(o.out_dir, sweep, to_string(o.run.lang), o.conclusions);
  return sweep;
}

}  // namespace sonde
