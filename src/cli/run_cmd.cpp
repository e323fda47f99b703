// `sonde run`: flags -> Plan -> runner::execute -> exit code.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "cli/clients_flags.hpp"
#include "cli/commands.hpp"
#include "cli/dataset_flags.hpp"
#include "cli/run_option_flags.hpp"
#include "cli/stop_signals.hpp"
#include "cli/target_flags.hpp"
#include "config/plan.hpp"
#include "config/suite.hpp"
#include "report/console.hpp"
#include "runner/ab_run.hpp"
#include "runner/capacity_run.hpp"
#include "runner/clients_run.hpp"
#include "runner/runner.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

std::atomic<bool> g_stop{false};

struct RunFlags {
  Plan plan;
  std::string suite = "seed";
  SeedSuiteParams seed;
  DatasetFlags dataset;  // --dataset KIND:FILE and its own flags
  std::string load = "burst";
  RunOptionFlags options;           // --timeout-s, --seed, ... (shared with `sonde sweep`)
  TargetFlags target;               // one server, or two for an A/B run (--base-url twice)
  std::vector<std::string> labels;  // names of the A/B sides
  ClientsFlags clients;             // --clients N, --executor; a shard's internal flags
};

void add_seed_flags(CLI::App* cmd, RunFlags& f) {
  cmd->add_option("--input-lens", f.seed.input_lens, "Seed suite input lengths (tokens)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--output-len", f.seed.output_len,
                  "Seed suite output length of the input-length scenarios")
      ->capture_default_str();
  cmd->add_option("--concurrency", f.seed.concurrency, "Seed suite concurrency levels")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--concurrency-input-len", f.seed.concurrency_input_len,
                  "Input tokens of the concurrency scenarios")
      ->capture_default_str();
  cmd->add_option("--concurrency-output-len", f.seed.concurrency_output_len,
                  "Output tokens of the concurrency scenarios")
      ->capture_default_str();
  cmd->add_option("--requests-per-level", f.seed.requests_per_level,
                  "Requests per input length / rounds per concurrency level")
      ->capture_default_str();
  cmd->add_option("--load", f.load, "Load shape of the concurrency stage: burst|closed|rate")
      ->check(CLI::IsMember({"burst", "closed", "rate"}))
      ->capture_default_str();
  cmd->add_option("--request-rate", f.seed.request_rates,
                  "Open-loop request rates (req/s), with --load rate")
      ->delimiter(',');
  cmd->add_option("--max-concurrency", f.seed.max_concurrency,
                  "Cap on in-flight requests in rate mode (0 = none)")
      ->capture_default_str();
}

// Seed-suite flags make no sense with a suite file: say so instead of silently ignoring them.
void reject_seed_flags_with_file(const CLI::App* cmd, const std::string& suite) {
  for (const char* name :
       {"--input-lens", "--output-len", "--concurrency", "--concurrency-input-len",
        "--concurrency-output-len", "--requests-per-level", "--load", "--request-rate",
        "--max-concurrency"}) {
    if (cmd->count(name) > 0) {
      throw UsageError(
          fmt::format("{}: applies to the built-in seed suite only; with --suite {} "
                      "set it per scenario in that file",
                      name, suite));
    }
  }
}

// Says which scenarios failed closed and returns ExitCode::invalid, or 0 when the run is valid.
// Called after every result file is written: an invalid run is still a measurement to read.
int report_invalid(const RunResult& run, const std::string& dir) {
  if (run.valid) return 0;
  std::string names;
  for (const auto& s : run.scenarios) {
    if (!s.valid) names += (names.empty() ? "" : ", ") + s.spec.name;
  }
  fmt::print(
      stderr,
      "sonde: measured, but not valid: scenario(s) {} had no successful request or more than "
      "--max-failed-pct {}% failed (see {}/report.md); --max-failed-pct 100 accepts them\n",
      names, run.options.max_failed_pct, dir);
  return static_cast<int>(ExitCode::invalid);
}

// `--base-url A --base-url B --label A,B`: both servers, scenario by scenario, then compare.
int run_ab(const Plan& plan, const RunFlags& f) {
  const std::vector<std::string>& base_urls = f.target.base_urls;
  const std::vector<std::string>& server_args = f.target.server_args;
  std::vector<std::string> labels = f.labels;
  if (labels.empty()) labels = {"A", "B"};
  if (labels.size() != base_urls.size()) {
    throw UsageError(
        fmt::format("--label: {} labels for {} --base-url; give one per server, e.g. "
                    "--label ON,OFF",
                    labels.size(), base_urls.size()));
  }
  if (server_args.size() > 1 && server_args.size() != base_urls.size()) {
    throw UsageError(
        fmt::format("--server-args: given {} times for {} --base-url; once per server "
                    "(in --base-url order) or once for all",
                    server_args.size(), base_urls.size()));
  }
  std::vector<AbSide> sides;
  for (std::size_t k = 0; k < base_urls.size(); ++k) {
    AbSide side{labels[k], base_urls[k], std::nullopt};
    if (!server_args.empty()) side.server_args = server_args[server_args.size() > 1 ? k : 0];
    sides.push_back(std::move(side));
  }
  std::atomic<int> stop_signal{0};
  AbResult ab;
  {
    StopSignals signals(g_stop, stop_signal);
    ab = execute_ab(plan, sides, g_stop, &stop_signal);
  }
  for (std::size_t k = 0; k < ab.runs.size(); ++k) {
    fmt::print("== {} ({})\n", sides[k].label, sides[k].base_url);
    print_console_summary(ab.runs[k], stdout);
    fmt::print("Results: {}/run.json\n", ab.side_dirs[k]);
  }
  fmt::print("Compare: {}/compare.md\n", ab.out_dir);
  if (ab.exit_code != ExitCode::ok || !ab.complete) {
    fmt::print(
        stderr, "sonde: {}; what was measured is in {}\n",
        ab.exit_code == ExitCode::server_gone ? "a server stopped answering" : "run interrupted",
        ab.out_dir);
    return static_cast<int>(ab.exit_code == ExitCode::ok ? ExitCode::interrupted : ab.exit_code);
  }
  int code = 0;
  for (std::size_t k = 0; k < ab.runs.size(); ++k)
    code = std::max(code, report_invalid(ab.runs[k], ab.side_dirs[k]));
  return code;
}

// A suite file's `capacity:` block: the search after the scenarios, into OUT/capacity/. Returns
// the exit code it adds (server gone, interrupted, or 5 when no load met the SLOs; else 0).
int run_capacity_block(const Plan& plan, const CapacityBlock& block, const std::string& out_dir,
                       std::atomic<int>& stop_signal) {
  CapacityPlan cap = capacity_plan(block);
  cap.plan = plan;
  cap.plan.scenarios.clear();
  cap.plan.out_dir = (std::filesystem::path(out_dir) / "capacity").string();
  CapacityRun r;
  {
    StopSignals signals(g_stop, stop_signal);
    r = execute_capacity(cap, g_stop, &stop_signal);
  }
  const CapacityResult& c = *r.run.capacity;
  if (r.code != ExitCode::ok) {
    fmt::print(stderr, "sonde: capacity search stopped: {}; the {} probe(s) measured are in {}\n",
               r.run.incomplete_reason, c.probes.size(), r.out_dir);
    return static_cast<int>(r.code);
  }
  if (!c.capacity) {
    fmt::print(stderr,
               "sonde: capacity: no load met the SLOs ({} at {:g} %); see {}/capacity.json\n",
               to_string(c.slos), c.target_pct, r.out_dir);
    return static_cast<int>(ExitCode::invalid);
  }
  fmt::print(
      "Capacity: {:g} {} with >= {:g} % of requests meeting {} ({:.0f} output tok/s)\n"
      "Capacity results: {}/capacity.json\n",
      *c.capacity, c.load == "rate" ? "req/s" : "concurrent requests", c.target_pct,
      to_string(c.slos), c.capacity_output_tps.value_or(0), r.out_dir);
  return 0;
}

int run_action(const CLI::App* cmd, RunFlags& f) {
  Plan plan = f.plan;
  apply_run_option_flags(cmd, f.options, plan.options);
  std::optional<CapacityBlock> capacity;  // the suite file's `capacity:` block
  GoodputSlos capacity_slos;              // its SLOs (the block's, else the run's)
  if (!f.dataset.dataset.empty()) {
    if (cmd->count("--suite") > 0) {
      throw UsageError(
          "--dataset and --suite: choose one (a suite file names datasets per scenario: dataset:)");
    }
    plan.scenarios = {dataset_scenario(cmd, f.dataset, f.seed, f.load, plan.options.seed)};
  } else if (f.suite == "seed") {
    reject_dataset_flags_without_dataset(cmd);
    f.seed.load = *parse_load_shape(f.load);
    if (f.seed.load == LoadShape::rate && f.seed.request_rates.empty()) {
      throw UsageError("--request-rate: required with --load rate (e.g. --request-rate 1,2,4)");
    }
    plan.scenarios = seed_suite(f.seed);
  } else {
    reject_dataset_flags_without_dataset(cmd);
    reject_seed_flags_with_file(cmd, f.suite);
    SuiteFile suite = load_suite(f.suite);
    plan.scenarios = std::move(suite.scenarios);
    plan.suite_server_settings = std::move(suite.server_settings);
    if (suite.goodput.any() && cmd->count("--goodput") == 0) plan.options.goodput = suite.goodput;
    plan.suite_source = f.suite;
    capacity = suite.capacity;
    if (capacity && capacity->goodput.any() && cmd->count("--goodput") == 0)
      capacity_slos = capacity->goodput;
  }
  if (capacity) {
    if (!capacity_slos.any()) capacity_slos = plan.options.goodput;
    if (!capacity_slos.any()) {
      throw UsageError(
          fmt::format("{}: capacity: needs the SLOs a load must meet: give capacity.goodput (e.g. "
                      "\"ttft:500 tpot:50\") or goodput in the file, or --goodput",
                      f.suite));
    }
    if (f.target.base_urls.size() > 1)
      throw UsageError("--suite " + f.suite +
                       ": a capacity block measures one server, not an A/B run");
  }
  if (plan.sim && !f.target.base_urls.empty()) {
    throw UsageError("--sim and --base-url: choose one (the simulator is its own server)");
  }
  if (f.target.base_urls.size() > 1) {
    if (f.clients.clients > 1)
      throw UsageError("--clients: measures one server; an A/B run (--base-url twice) takes 1");
    return run_ab(plan, f);
  }
  if (!f.labels.empty())
    throw UsageError("--label: names the sides of an A/B run; give --base-url twice");
  if (cmd->count("--executor") > 0 && f.clients.clients == 1)
    throw UsageError("--executor: says where --clients N processes run; give --clients 2 or more");
  apply_single_target(f.target, plan);
  if (is_shard(f.clients)) apply_shard_flags(f.clients, plan);
  std::atomic<int> stop_signal{0};
  std::string out_dir;
  ExitCode code = ExitCode::ok;
  RunResult run;
  {
    StopSignals signals(g_stop, stop_signal);
    if (f.clients.clients > 1 && !is_shard(f.clients)) {
      run = execute_clients(plan, clients_launch(f.clients), g_stop, out_dir, &code);
    } else {
      run = execute(plan, g_stop, out_dir, &code, &stop_signal);
    }
  }
  print_console_summary(run, stdout);
  fmt::print("Results: {}/run.json\nReport:  {}/report.md\n", out_dir, out_dir);
  if (code == ExitCode::server_gone) {
    fmt::print(stderr, "sonde: {}; what was measured is in {}\n", run.incomplete_reason, out_dir);
    return static_cast<int>(code);
  }
  if (code != ExitCode::ok && code != ExitCode::interrupted) {  // a shard of --clients failed
    fmt::print(stderr, "sonde: {}; what was measured is in {}\n", run.incomplete_reason, out_dir);
    return static_cast<int>(code);
  }
  if (!run.complete) {
    fmt::print(stderr, "sonde: run interrupted; what was measured is in {}\n", out_dir);
    return static_cast<int>(ExitCode::interrupted);
  }
  // A shard's share alone may be judged invalid (an idle shard sent nothing); the merge judges
  // the whole run, and a non-zero exit would make srun --kill-on-bad-exit stop the others.
  if (is_shard(f.clients)) return 0;
  const int invalid = report_invalid(run, out_dir);
  if (!capacity) return invalid;
  Plan searched = plan;
  searched.options.goodput = capacity_slos;
  const int searched_code = run_capacity_block(searched, *capacity, out_dir, stop_signal);
  return searched_code != 0 ? searched_code : invalid;
}

}  // namespace

Action add_run_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("run", "Measure a server with the seed suite or a suite file");
  auto f = std::make_shared<RunFlags>();
  add_target_flags(cmd, f->target, f->plan, /*ab=*/true);  // shared with `sonde capacity`
  cmd->add_option("--label", f->labels, "Names of the A/B sides, e.g. ON,OFF (default A,B)")
      ->delimiter(',')
      ->allow_extra_args(false);
  cmd->add_option("--suite", f->suite, "'seed' (the built-in suite) or a YAML suite file")
      ->capture_default_str();
  add_seed_flags(cmd, *f);
  add_dataset_flags(cmd, f->dataset);
  add_run_option_flags(cmd, f->options);  // the measurement flags, shared with `sonde sweep`
  add_clients_flags(cmd, f->clients);
  return [cmd, f] { return run_action(cmd, *f); };
}

}  // namespace sonde
