// `sonde run`: flags -> Plan -> runner::execute -> exit code.
#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/stop_signals.hpp"
#include "config/plan.hpp"
#include "config/suite.hpp"
#include "report/console.hpp"
#include "runner/ab_run.hpp"
#include "runner/runner.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

std::atomic<bool> g_stop{false};

struct RunFlags {
  Plan plan;
  std::string suite = "seed";
  SeedSuiteParams seed;
  std::string load = "burst";
  bool no_ignore_eos = false;
  std::string max_error_rate;            // --max-error-rate R[/N], parsed into the plan
  std::vector<std::string> base_urls;    // one server, or two for an A/B run
  std::vector<std::string> labels;       // names of the A/B sides
  std::vector<std::string> server_args;  // one for all, or one per --base-url
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

// `--base-url A --base-url B --label A,B`: both servers, scenario by scenario, then compare.
int run_ab(const Plan& plan, const RunFlags& f) {
  std::vector<std::string> labels = f.labels;
  if (labels.empty()) labels = {"A", "B"};
  if (labels.size() != f.base_urls.size()) {
    throw UsageError(fmt::format("--label: {} labels for {} --base-url; give one per server, e.g. "
                                 "--label ON,OFF",
                                 labels.size(), f.base_urls.size()));
  }
  if (f.server_args.size() > 1 && f.server_args.size() != f.base_urls.size()) {
    throw UsageError(fmt::format("--server-args: given {} times for {} --base-url; once per server "
                                 "(in --base-url order) or once for all",
                                 f.server_args.size(), f.base_urls.size()));
  }
  std::vector<AbSide> sides;
  for (std::size_t k = 0; k < f.base_urls.size(); ++k) {
    AbSide side{labels[k], f.base_urls[k], std::nullopt};
    if (!f.server_args.empty()) side.server_args = f.server_args[f.server_args.size() > 1 ? k : 0];
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
    fmt::print(stderr, "sonde: {}; what was measured is in {}\n",
               ab.exit_code == ExitCode::server_gone ? "a server stopped answering" : "run interrupted",
               ab.out_dir);
    return static_cast<int>(ab.exit_code == ExitCode::ok ? ExitCode::interrupted : ab.exit_code);
  }
  return 0;
}

int run_action(const CLI::App* cmd, RunFlags& f) {
  Plan plan = f.plan;
  plan.ignore_eos = !f.no_ignore_eos;
  if (!f.max_error_rate.empty()) parse_max_error_rate(f.max_error_rate, plan);
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
  if (cmd->count("--api-key-env") > 0 && cmd->count("--api-key-file") > 0) {
    throw UsageError("--api-key-env and --api-key-file: choose one source for the API key");
  }
  if (plan.sim && !f.base_urls.empty()) {
    throw UsageError("--sim and --base-url: choose one (the simulator is its own server)");
  }
  if (f.base_urls.size() > 1) return run_ab(plan, f);
  if (!f.labels.empty()) throw UsageError("--label: names the sides of an A/B run; give --base-url twice");
  if (f.server_args.size() > 1) {
    throw UsageError("--server-args: given more than once; once per --base-url, or once for all");
  }
  if (!f.base_urls.empty()) plan.base_url = f.base_urls.front();
  if (!f.server_args.empty()) plan.server_args = f.server_args.front();
  std::atomic<int> stop_signal{0};
  std::string out_dir;
  ExitCode code = ExitCode::ok;
  RunResult run;
  {
    StopSignals signals(g_stop, stop_signal);
    run = execute(plan, g_stop, out_dir, &code, &stop_signal);
  }
  print_console_summary(run, stdout);
  fmt::print("Results: {}/run.json\nReport:  {}/report.md\n", out_dir, out_dir);
  if (code == ExitCode::server_gone) {
    fmt::print(stderr, "sonde: {}; what was measured is in {}\n", run.incomplete_reason, out_dir);
    return static_cast<int>(code);
  }
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
  cmd->add_option("--base-url", f->base_urls,
                  "Server to measure, e.g. http://127.0.0.1:8000; twice for an A/B run of two servers")
      ->allow_extra_args(false);
  cmd->add_option("--label", f->labels, "Names of the A/B sides, e.g. ON,OFF (default A,B)")
      ->delimiter(',')->allow_extra_args(false);
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
  // No --api-key VALUE: a key on the command line lands in shell history and `ps` listings.
  cmd->add_option("--api-key-file", p.api_key_file,
                  "File holding the API key (trailing newline ignored); instead of --api-key-env");
  cmd->add_flag("--insecure", p.insecure,
                "Do not verify the server's TLS certificate (recorded in run.json and the report)");
  cmd->add_option("--ca-cert", p.ca_cert, "CA bundle (PEM) to verify an https server with");
  cmd->add_option("--timeout-s", p.timeout_s, "Per-request timeout (first token and total), seconds")
      ->capture_default_str();
  cmd->add_option("--first-token-timeout-s", p.first_token_timeout_s,
                  "Longest wait for the first token, seconds (0 = --timeout-s)")->capture_default_str();
  cmd->add_option("--idle-timeout-s", p.idle_timeout_s, "Longest silence inside a stream, seconds")
      ->capture_default_str();
  cmd->add_option("--grace-s", p.grace_s,
                  "On SIGINT/SIGTERM, let in-flight requests finish for this long, then cancel them")
      ->capture_default_str();
  cmd->add_option("--retries", p.retries,
                  "Send a request again up to N times when the server never answered it (connect "
                  "error, 429/5xx before the first token); every attempt is recorded")
      ->capture_default_str();
  cmd->add_option("--max-error-rate", f->max_error_rate,
                  "R[/N]: abort a scenario when more than R of its last N finished requests failed "
                  "(N default 50), e.g. 0.5 or 0.5/20; the run goes on with the next scenario");
  cmd->add_option("--out", p.out_dir, "Output directory (default results/<YYYYmmdd-HHMMSS>)");
  cmd->add_option("--server-args", f->server_args,
                  "The `vllm serve` flags the server runs with, recorded in the report, e.g. "
                  "\"--tensor-parallel-size 2 --max-num-batched-tokens 8192\"; once per --base-url in an A/B run")
      ->allow_extra_args(false);
  cmd->add_option("--client-threads", p.client_threads,
                  "Client event-loop threads (0 = one per spare core)")->capture_default_str();
  cmd->add_flag("--new-connection-per-request", p.new_connection_per_request,
                "Open a new connection for every request (model cold clients)");
  cmd->add_option("--http-client", p.http_client,
                  "native: sonde's own HTTP/1.1 reader for http:// targets (lowest overhead); "
                  "curl: libcurl for every request. https and proxies always use libcurl")
      ->capture_default_str();
  cmd->add_option("--gpu-metrics-url", p.gpu_metrics_url,
                  "DCGM exporter on the server host (for a remote server's GPU memory)");
  return [cmd, f] { return run_action(cmd, *f); };
}

}  // namespace sonde
