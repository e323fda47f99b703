#include "runner/clients_run.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>

#include "results/safe_file.hpp"
#include "runner/clock_exchange.hpp"
#include "runner/merge.hpp"
#include "runner/plan_target.hpp"
#include "runner/runner.hpp"
#include "runner/target_session.hpp"
#include "server/process.hpp"
#include "util/utc.hpp"

namespace fs = std::filesystem;

namespace sonde {
namespace {

// How far ahead the common start instant lies: time for every shard to start, reach the
// server and warm up. A shard that is later starts at once and says so (late_start_ms); its
// scenarios still start together with the others' (runner/shard_sync.hpp).
constexpr std::chrono::seconds kStartLead{2};

std::string host_name() {
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) != 0) return "127.0.0.1";
  return host.data();
}

// A shard that measured exits 0: it leaves judging validity to the merge (run_cmd.cpp).
bool finished(const ExitStatus& s) { return s.exit_code && *s.exit_code == 0; }

std::string describe(const ExitStatus& s) {
  if (s.exit_code) return fmt::format("exited with code {}", *s.exit_code);
  if (s.signal) return fmt::format("was killed by signal {}", *s.signal);
  return "ended";
}

// The last line a shard printed: where it failed, its own error message ("sonde: ...").
std::string last_line(const std::string& log) {
  std::ifstream in(log);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return last;
}

ServerOptions process_options(std::vector<std::string> argv, const fs::path& log, const Plan& plan) {
  ServerOptions o;
  o.argv = std::move(argv);
  o.log_path = log;
  // A stopped shard gets the grace for its requests in flight and time to write its files.
  o.stop.sigint_grace =
      std::chrono::milliseconds(static_cast<int64_t>((plan.options.grace_s + 30) * 1000));
  o.stop.port_wait = std::chrono::milliseconds(0);
  return o;
}

}  // namespace

void check_splittable(const Plan& plan) {
  for (const auto& s : plan.scenarios) {
    if (std::holds_alternative<ConversationSource>(s.source)) {
      throw UsageError(fmt::format(
          "--clients: scenario {} is a conversation, whose sessions are not divided among "
          "client processes yet; run it with --clients 1",
          s.name));
    }
  }
}

RunResult execute_clients(const Plan& plan, const ClientsLaunch& launch,
                          const std::atomic<bool>& stop, std::string& out_dir, ExitCode* exit_code) {
  validate(plan);
  check_splittable(plan);
  out_dir = plan.out_dir.empty() ? "results/" + utc_now("{:%Y%m%d-%H%M%S}") : plan.out_dir;
  const fs::path shards_dir = fs::path(out_dir) / "shards";
  if (fs::exists(fs::path(out_dir) / "run.json") || fs::exists(shards_dir)) {
    throw UsageError(fmt::format(
        "--out: {} already holds a run; choose a new directory so two runs never mix", out_dir));
  }
  // One simulator for all shards; they learn its time scale from the simulator itself. A
  // server that does not answer fails here, before any shard or directory exists.
  PlanTarget target = start_plan_target(plan);
  discover(target.endpoint, plan.model);
  for (int k = 0; k < launch.clients; ++k) make_result_dirs(shards_dir / std::to_string(k));
  const ClockServer clock;
  const bool slurm = launch.executor == ClientsExecutor::slurm;
  std::vector<std::string> common = launch.shard_argv;
  const auto add = [&](const std::string& flag, const std::string& value) {
    common.push_back(flag);
    common.push_back(value);
  };
  add("--out", out_dir);
  if (target.sim) {
    add("--shard-sim-url", target.endpoint.base_url);
    add("--sim-speed", fmt::format("{}", plan.sim_speed));
  } else {
    add("--base-url", plan.base_url);
  }
  add("--shard-run-id", random_run_id());
  add("--shard-start-at",
      std::to_string(wall_now_ns() + std::chrono::nanoseconds(kStartLead).count()));
  add("--shard-clock", fmt::format("{}:{}", slurm ? host_name() : "127.0.0.1", clock.port()));

  fmt::print(stderr, "sonde: {} client processes measuring together; their logs: {}/<k>/shard.log\n",
             launch.clients, shards_dir.string());
  std::vector<std::unique_ptr<ServerProcess>> procs;
  std::vector<std::string> logs;
  if (slurm) {
    std::vector<std::string> argv = {"srun",
                                     "--ntasks",
                                     std::to_string(launch.clients),
                                     "--kill-on-bad-exit=1",
                                     "--output",
                                     (shards_dir / "%t" / "shard.log").string()};
    argv.insert(argv.end(), common.begin(), common.end());
    argv.push_back("--shard");
    argv.push_back(fmt::format("slurm/{}", launch.clients));
    logs.push_back((shards_dir / "srun.log").string());
    procs.push_back(std::make_unique<ServerProcess>(process_options(argv, logs.back(), plan)));
  } else {
    for (int k = 0; k < launch.clients; ++k) {
      std::vector<std::string> argv = common;
      argv.push_back("--shard");
      argv.push_back(fmt::format("{}/{}", k, launch.clients));
      logs.push_back((shards_dir / std::to_string(k) / "shard.log").string());
      procs.push_back(std::make_unique<ServerProcess>(process_options(argv, logs.back(), plan)));
    }
  }

  // Wait for all; Ctrl-C (or a shard that failed) stops the rest, each keeping what it measured.
  std::vector<std::optional<ExitStatus>> status(procs.size());
  std::vector<std::thread> stoppers;
  bool stopping = false;
  for (;;) {
    bool running = false;
    bool failed = false;
    for (std::size_t k = 0; k < procs.size(); ++k) {
      if (status[k]) continue;
      if (procs[k]->running()) {
        running = true;
      } else {
        status[k] = procs[k]->exit_status().value_or(ExitStatus{});
        failed = failed || !finished(*status[k]);
      }
    }
    if (!running) break;
    if (!stopping && (stop.load() || failed)) {
      stopping = true;
      for (auto& p : procs) stoppers.emplace_back([&p] { p->stop(); });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (auto& t : stoppers) t.join();
  if (target.sim) target.sim->stop();
  std::error_code ignored;
  fs::remove_all(shards_dir / "sync", ignored);  // the start barriers' files, of no further use

  std::string failures;
  ExitCode worst = ExitCode::ok;
  for (std::size_t k = 0; k < procs.size(); ++k) {
    if (finished(*status[k])) continue;
    // Stopped by Ctrl-C as asked: the merged run says "interrupted", no failure to report.
    if (stop.load() && status[k]->exit_code == static_cast<int>(ExitCode::interrupted)) continue;
    const std::string said = last_line(logs[k]);
    failures += fmt::format("{}{} {}{} (see {})", failures.empty() ? "" : "; ",
                            slurm ? "srun" : fmt::format("shard {}", k), describe(*status[k]),
                            said.empty() ? "" : ": " + said, logs[k]);
    const int code = status[k]->exit_code.value_or(static_cast<int>(ExitCode::failure));
    if (code != static_cast<int>(ExitCode::interrupted))
      worst = std::max(worst, static_cast<ExitCode>(code));
  }
  RunResult run;
  try {
    run = merge_shards(out_dir);
  } catch (const UsageError& e) {
    if (failures.empty()) throw;
    throw Error(worst != ExitCode::ok ? worst : ExitCode::failure,
                fmt::format("{}; {}", failures, e.what()));
  }
  if (!failures.empty()) fmt::print(stderr, "sonde: {}\n", failures);
  if (exit_code != nullptr) *exit_code = stop.load() ? ExitCode::interrupted : worst;
  return run;
}

}  // namespace sonde
