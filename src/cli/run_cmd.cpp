// `sonde run`: flags -> Plan -> runner::execute -> exit code.
#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <cstdio>

#include "cli/commands.hpp"
#include "config/plan.hpp"
#include "config/suite.hpp"
#include "report/console.hpp"
#include "runner/runner.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int) {
  if (g_stop.exchange(true)) std::_Exit(static_cast<int>(ExitCode::interrupted));
}

struct RunFlags {
  Plan plan;
  std::string suite = "seed";
  SeedSuiteParams seed;
  std::string load = "burst";
  bool no_ignore_eos = false;
};

void add_seed_flags(CLI::App* cmd, RunFlags& f) {
  cmd->add_option("--input-lens", f.seed.input_lens, "Seed suite input lengths (tokens)")
      ->delimiter(',')->capture_default_str();
  cmd->add_option("--output-len", f.seed.output_len, "Seed suite output length of the input-length scenarios")
      ->capture_default_str();
  cmd->add_option("--concurrency", f.seed.concurrency, "Seed suite concurrency levels")
      ->delimiter(',')->capture_default_str();
  cmd->add_option("--concurrency-input-len", f.seed.concurrency_input_len,
                  "Input tokens of the concurrency scenarios")->capture_default_str();
  cmd->add_option("--concurrency-output-len", f.seed.concurrency_output_len,
                  "Output tokens of the concurrency scenarios")->capture_default_str();
  cmd->add_option("--requests-per-level", f.seed.requests_per_level,
                  "Requests per input length / rounds per concurrency level")->capture_default_str();
  cmd->add_option("--load", f.load, "Load shape of the concurrency stage: burst|closed|rate")
      ->check(CLI::IsMember({"burst", "closed", "rate"}))->capture_default_str();
  cmd->add_option("--request-rate", f.seed.request_rates, "Open-loop request rates (req/s), with --load rate")
      ->delimiter(',');
  cmd->add_option("--max-concurrency", f.seed.max_concurrency, "Cap on in-flight requests in rate mode (0 = none)")
      ->capture_default_str();
}

// Seed-suite flags make no sense with a suite file: say so instead of silently ignoring them.
void reject_seed_flags_with_file(const CLI::App* cmd, const std::string& suite) {
  for (const char* name : {"--input-lens", "--output-len", "--concurrency", "--concurrency-input-len",
                           "--concurrency-output-len", "--requests-per-level", "--load",
                           "--request-rate", "--max-concurrency"}) {
    if (cmd->count(name) > 0) {
      throw UsageError(fmt::format("{}: applies to the built-in seed suite only; with --suite {} "
                                   "set it per scenario in that file",
                                   name, suite));
    }
  }
}

int run_action(const CLI::App* cmd, RunFlags& f) {
  Plan plan = f.plan;
  plan.ignore_eos = !f.no_ignore_eos;
  if (f.suite == "seed") {
    f.seed.load = *parse_load_shape(f.load);
    if (f.seed.load == LoadShape::rate && f.seed.request_rates.empty()) {
      throw UsageError("--request-rate: required with --load rate (e.g. --request-rate 1,2,4)");
    }
    plan.scenarios = seed_suite(f.seed);
  } else {
    reject_seed_flags_with_file(cmd, f.suite);
    SuiteFile suite = load_suite(f.suite);
    plan.scenarios = std::move(suite.scenarios);
    plan.suite_server_settings = std::move(suite.server_settings);
    plan.suite_source = f.suite;
  }
  if (plan.sim && !plan.base_url.empty()) {
    throw UsageError("--sim and --base-url: choose one (the simulator is its own server)");
  }
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::string out_dir;
  const RunResult run = execute(plan, g_stop, out_dir);
  print_console_summary(run, stdout);
  fmt::print("Results: {}/run.json\nReport:  {}/report.md\n", out_dir, out_dir);
  if (!run.complete) {
    fmt::print(stderr, "sonde: run interrupted; what was measured is in {}\n", out_dir);
    return static_cast<int>(ExitCode::interrupted);
  }
  return 0;
}

}  // namespace

Action add_run_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("run", "Measure a server with the seed suite or a suite file");
  auto f = std::make_shared<RunFlags>();
  Plan& p = f->plan;
  cmd->add_option("--base-url", p.base_url, "Server to measure, e.g. http://127.0.0.1:8000");
  cmd->add_flag("--sim", p.sim, "Start the built-in vLLM simulator and measure it");
  cmd->add_option("--sim-speed", p.sim_speed, "Simulated time runs this many times faster (with --sim)")
      ->capture_default_str();
  cmd->add_option("--model", p.model, "Model name to request (default: the server's first model)");
  cmd->add_option("--endpoint", p.endpoint, "/v1/chat/completions or /v1/completions")
      ->capture_default_str();
  cmd->add_option("--suite", f->suite, "'seed' (the built-in suite) or a YAML suite file")
      ->capture_default_str();
  add_seed_flags(cmd, *f);
  cmd->add_option("--warmup", p.warmup, "Warm-up requests before measuring (not counted)")
      ->capture_default_str();
  cmd->add_option("--seed", p.seed, "Seed for prompts and arrivals")->capture_default_str();
  cmd->add_option("--corpus", p.corpus, "Prompt text: ko, en or a UTF-8 text file")
      ->capture_default_str();
  cmd->add_flag("--no-ignore-eos", f->no_ignore_eos, "Let the model stop at EOS (lengths then vary)");
  cmd->add_option("--lang", p.lang, "Report language: ko or en")->capture_default_str();
  cmd->add_option("--api-key-env", p.api_key_env, "Environment variable holding the API key")
      ->capture_default_str();
  cmd->add_option("--timeout-s", p.timeout_s, "Per-request timeout (first token and total), seconds")
      ->capture_default_str();
  cmd->add_option("--first-token-timeout-s", p.first_token_timeout_s,
                  "Longest wait for the first token, seconds (0 = --timeout-s)")->capture_default_str();
  cmd->add_option("--idle-timeout-s", p.idle_timeout_s, "Longest silence inside a stream, seconds")
      ->capture_default_str();
  cmd->add_option("--out", p.out_dir, "Output directory (default results/<YYYYmmdd-HHMMSS>)");
  cmd->add_option("--server-args", p.server_args,
                  "The `vllm serve` flags the server runs with, recorded in the report, e.g. "
                  "\"--tensor-parallel-size 2 --max-num-batched-tokens 8192\"");
  cmd->add_option("--client-threads", p.client_threads,
                  "Client event-loop threads (0 = one per spare core)")->capture_default_str();
  cmd->add_flag("--new-connection-per-request", p.new_connection_per_request,
                "Open a new connection for every request (model cold clients)");
  cmd->add_option("--gpu-metrics-url", p.gpu_metrics_url,
                  "DCGM exporter on the server host (for a remote server's GPU memory)");
  return [cmd, f] { return run_action(cmd, *f); };
}

}  // namespace sonde
