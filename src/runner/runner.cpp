#include "runner/runner.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>

#include "client/client.hpp"
#include "results/journal.hpp"
#include "runner/outputs.hpp"
#include "runner/progress.hpp"
#include "runner/server_record.hpp"
#include "runner/telemetry_session.hpp"
#include "runner/scenario_exec.hpp"
#include "runner/target.hpp"
#include "sim/sim_config.hpp"
#include "sim/sim_server.hpp"
#include "stats/scenario_summary.hpp"
#include "util/error.hpp"
#include "util/utc.hpp"
#include "workload/corpus.hpp"

namespace sonde {
namespace {

std::string random_run_id() {
  std::random_device rd;
  return fmt::format("{:08x}", static_cast<uint32_t>(rd()));
}

std::optional<std::string> api_key_from(const std::string& var) {
  const char* value = std::getenv(var.c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

ClientConfig client_config(const Plan& plan, const Endpoint& ep) {
  ClientConfig c;
  c.base_url = ep.base_url;
  c.endpoint = ep.path;
  c.api_key = ep.api_key;
  c.timeouts.connect_s = plan.connect_timeout_s;
  c.timeouts.idle_s = plan.idle_timeout_s;
  c.timeouts.first_token_s = plan.first_token_timeout_s > 0 ? plan.first_token_timeout_s : plan.timeout_s;
  c.timeouts.total_s = plan.timeout_s;
  c.threads = plan.client_threads;
  c.new_connection_per_request = plan.new_connection_per_request;
  c.time_scale = plan.time_scale > 0 ? plan.time_scale : (plan.sim ? plan.sim_speed : 1);
  return c;
}

// Warm-up requests: short, same endpoint; failures are reported but not fatal.
void warm_up(const Plan& plan, RequestFactory& f, const ClientConfig& cc, Progress& progress) {
  if (plan.warmup == 0) return;
  ScenarioSpec spec;
  spec.name = "warmup";
  spec.input_len = 256;
  spec.output_len = 16;
  spec.requests = plan.warmup;
  spec.concurrency = 1;
  PromptCalibration unused;
  const DispatchPlan dp = prepare_scenario(f, spec, unused, cc.time_scale);
  int failed = 0;
  std::string first_error;
  run_plan(cc, dp, Clock::now(), [&](RequestRecord&& r) {
    if (!r.ok) {
      ++failed;
      if (first_error.empty() && r.error) first_error = r.error->kind + ": " + r.error->message;
    }
  });
  if (failed > 0) {
    progress.note(fmt::format("warning: {} of {} warm-up requests failed ({})", failed,
                              plan.warmup, first_error));
  }
}

}  // namespace

RunResult execute(const Plan& plan, const std::atomic<bool>& stop, std::string& out_dir) {
  validate(plan);
  const Corpus corpus = Corpus::load(plan.corpus);
  Progress progress;

  std::unique_ptr<SimServer> sim;
  SimOptions sim_options;
  Endpoint ep;
  ep.path = plan.endpoint;
  ep.api_key = api_key_from(plan.api_key_env);
  if (plan.sim) {
    sim_options.port = 0;
    sim_options.speed = plan.sim_speed;
    sim = std::make_unique<SimServer>(sim_options);
    sim->start();
    ep.base_url = fmt::format("http://127.0.0.1:{}", sim->port());
  } else {
    ep.base_url = plan.base_url;
    while (!ep.base_url.empty() && ep.base_url.back() == '/') ep.base_url.pop_back();
  }
  const Discovery d = discover(ep, plan.model);

  RunResult run;
  run.tool_version = SONDE_VERSION;
  run.run_id = random_run_id();
  run.started_at = utc_now("{:%Y-%m-%dT%H:%M:%SZ}");
  run.simulated = plan.sim || plan.simulated_server;
  run.sim_speed = plan.time_scale > 0 ? plan.time_scale : (plan.sim ? plan.sim_speed : 1);
  if (plan.sim) {
    const sim::SimConfig c = sim::resolve_config(sim_options);
    run.sim_profile = fmt::format("{} x{} / {}", c.gpu.product_name, c.options.gpus, c.model.name);
  }
  run.target = Target{plan.sim ? "sim" : ep.base_url, d.model, plan.endpoint};
  run.server = d.server;
  run.options = RunOptionsRecord{plan.seed, plan.ignore_eos, plan.warmup, plan.corpus, plan.timeout_s};

  const TelemetrySources sources = record_server(run, plan, ep, plan.sim ? &sim_options : nullptr);
  for (const auto& w : run.warnings) progress.note("warning: " + w);

  out_dir = plan.out_dir.empty() ? "results/" + utc_now("{:%Y%m%d-%H%M%S}") : plan.out_dir;
  prepare_out_dir(out_dir);
  JournalWriter journal(out_dir + "/requests.jsonl");
  std::ofstream series(out_dir + "/telemetry.jsonl", std::ios::app);
  ScenarioTelemetry telemetry(sources);
  write_run_json(out_dir, run);

  for (const auto& s : plan.scenarios) {
    if (d.server.max_model_len > 0 && s.input_len + s.output_len > d.server.max_model_len) {
      progress.note(fmt::format(
          "warning: scenario {} asks for {} + {} tokens but the server's max_model_len is {}; "
          "its requests will be rejected and counted as errors",
          s.name, s.input_len, s.output_len, d.server.max_model_len));
    }
  }

  PromptFactory prompts(corpus, plan.seed);
  ServerTokenCounter counter(ep, d.model);
  RequestFactory factory{ep, d.model, run.run_id, GenerationParams{0, plan.ignore_eos, plan.temperature, true},
                         prompts, counter, plan.seed, 0};
  const ClientConfig cc = client_config(plan, ep);
  warm_up(plan, factory, cc, progress);

  const Clock::time_point epoch = Clock::now();
  for (std::size_t i = 0; i < plan.scenarios.size() && !stop.load(); ++i) {
    const ScenarioSpec& spec = plan.scenarios[i];
    ScenarioResult result;
    result.spec = spec;
    DispatchPlan dp = prepare_scenario(factory, spec, result.calibration, cc.time_scale);
    const double base_s = ms_between(epoch, Clock::now()) / 1000;
    for (auto& r : dp.requests) {
      if (r.intended_offset_s) *r.intended_offset_s += base_s;
    }
    progress.begin_scenario(i, plan.scenarios.size(), spec.name, spec.requests);
    telemetry.start(spec.name, epoch);
    std::vector<RequestRecord> records;
    ClientHealth health;
    run_plan(cc, dp, epoch, [&](RequestRecord&& r) {
      journal.append(r);
      progress.on_record(r);
      records.push_back(std::move(r));
    }, &stop, &health);
    result.client_health = {{"max_receive_backlog_ms", health.max_receive_backlog_ms},
                            {"cpu_util_pct", health.cpu_util_pct}, {"cpu_user_s", health.cpu_user_s},
                            {"cpu_system_s", health.cpu_system_s}, {"wall_s", health.wall_s},
                            {"threads", health.threads}};
    // Past these, sonde's own timing may be late: say so rather than report it as the server's.
    if (health.cpu_util_pct >= 85 || health.max_receive_backlog_ms > 5) {
      run.warnings.push_back(fmt::format(
          "scenario {}: sonde itself was near saturation (client CPU {:.0f} %, receive backlog up "
          "to {:.1f} ms); its latencies may be inflated — try --client-threads or a bigger client",
          spec.name, health.cpu_util_pct, health.max_receive_backlog_ms));
    }
    telemetry.stop(result, series);
    result.summary = summarize_scenario(records);
    progress.end_scenario(result.summary);
    run.scenarios.push_back(result);
    write_vllm_json(out_dir, run, run.scenarios.back(), records);
    write_run_json(out_dir, run);
  }

  run.complete = !stop.load() && run.scenarios.size() == plan.scenarios.size();
  if (!run.complete) run.incomplete_reason = "interrupted by signal";
  run.finished_at = utc_now("{:%Y-%m-%dT%H:%M:%SZ}");
  write_run_json(out_dir, run);
  write_reports(out_dir, run, plan.lang);
  if (sim) sim->stop();
  return run;
}

}  // namespace sonde
