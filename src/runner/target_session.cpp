#include "runner/target_session.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <set>
#include <tuple>
#include <vector>

#include "analysis/goodput.hpp"
#include "analysis/saturation.hpp"
#include "analysis/steady_state.hpp"
#include "analysis/validity.hpp"
#include "runner/credentials.hpp"
#include "runner/error_window.hpp"
#include "runner/outputs.hpp"
#include "runner/server_record.hpp"
#include "runner/server_watch.hpp"
#include "runner/shard_dispatch.hpp"
#include "runner/shard_sync.hpp"
#include "runner/shared_prefix_exec.hpp"
#include "runner/source_plan.hpp"
#include "sim/sim_config.hpp"
#include "sim/sim_server.hpp"
#include "stats/scenario_summary.hpp"
#include "telemetry/gpu_energy.hpp"
#include "stats/turn_summary.hpp"
#include "util/redact.hpp"
#include "util/utc.hpp"

namespace sonde {
namespace {

ClientConfig client_config(const Plan& plan, const Endpoint& ep) {
  const RunOptions& o = plan.options;
  ClientConfig c;
  c.base_url = ep.base_url;
  c.endpoint = ep.path();
  c.api_key = ep.api_key;
  c.timeouts.connect_s = o.connect_timeout_s;
  c.timeouts.idle_s = o.idle_timeout_s;
  c.timeouts.first_token_s = o.first_token_timeout_s > 0 ? o.first_token_timeout_s : o.timeout_s;
  c.timeouts.total_s = o.timeout_s;
  c.threads = o.client_threads;
  c.new_connection_per_request = o.new_connection_per_request;
  c.transport =
      o.http_client == HttpClientKind::curl ? ClientTransport::curl : ClientTransport::native;
  c.time_scale = effective_time_scale(plan);
  c.grace_s = o.grace_s;
  c.retries = o.retries;
  return c;
}

constexpr double kServerDeathGraceS = 2;

// Checkpoints of a probe's saturation watch per schedule: enough that kRises of them fit in the
// first half of the schedule, so that a stop saves time.
constexpr double kSaturationCheckpoints = 12;

// The arrival instants of an open-loop plan (ms on the records' clock), ascending; empty for
// closed loads.
std::vector<double> arrival_instants(const DispatchPlan& dp, double time_scale) {
  std::vector<double> out;
  for (const auto& r : dp.requests) {
    if (r.intended_offset_s) out.push_back(*r.intended_offset_s * 1000 * time_scale);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Records for the `planned` requests that never got one (run_plan drops unsent requests when it
// is cancelled; a conversation's session ends at a failed turn), so that the scenario still
// accounts for every request it planned.
std::vector<RequestRecord> unsent_records(const std::vector<PreparedRequest>& planned,
                                          const std::vector<RequestRecord>& done,
                                          const RequestError& error, double now_ms) {
  // By index, not position: a shard's plan holds its share of the scenario's global indexes.
  std::set<int> seen;
  for (const auto& r : done) seen.insert(r.index);
  std::vector<RequestRecord> out;
  for (const auto& p : planned) {
    if (seen.contains(p.index)) continue;
    RequestRecord r = record_of(p);
    r.intended_start_ms = r.start_ms = r.end_ms = now_ms;
    r.error = error;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::string random_run_id() {
  std::random_device rd;
  return fmt::format("{:08x}", static_cast<uint32_t>(rd()));
}

Endpoint plan_endpoint(const Plan& plan) {
  Endpoint ep;
  ep.api = plan.options.endpoint;
  ep.api_key = prepare_credentials(plan);  // also registers secrets, sets the TLS policy
  return ep;
}

TargetSession::TargetSession(const Plan& plan, const Corpus& corpus, Endpoint ep,
                             const SimOptions* sim, std::string out_dir, const SessionIds& ids,
                             Progress& progress)
    : plan_(plan), progress_(progress), ep_(std::move(ep)), out_dir_(std::move(out_dir)) {
  discovery_ = discover(ep_, plan_.model);
  const Discovery& d = discovery_;

  run_.tool_version = SONDE_VERSION;
  run_.run_id = ids.run_id;
  run_.started_at = utc_now("{:%Y-%m-%dT%H:%M:%SZ}");
  if (sim == nullptr && d.sim) adopt_simulator(*d.sim);
  run_.simulated = sim != nullptr || plan_.wiring.simulated_server;
  run_.sim_speed = effective_time_scale(plan_);
  if (sim != nullptr) run_.sim_profile = sim::profile_label(sim::resolve_config(*sim));
  // A shard of `sonde run --sim --clients N` measures the parent's simulator: the run's is "sim".
  const bool own_sim = sim != nullptr || (plan_.wiring.shard && plan_.wiring.shard->parent_sim);
  run_.target = Target{own_sim ? "sim" : redact(ep_.base_url), d.model, ep_.path()};
  run_.server = d.server;
  run_.options = plan_.options;  // every option, so that the result says how it was measured
  if (plan_.options.insecure) {
    run_.warnings.push_back(
        "TLS certificate verification was off (--insecure): the server's "
        "identity was not checked");
  }

  // Bad files fail here, before a partial result exists.
  for (const auto& s : plan_.scenarios) check_file_scenario(s, ep_);
  const TelemetrySources sources = record_server(run_, plan_, ep_, sim);
  for (const auto& w : run_.warnings) progress_.note("warning: " + w);

  prepare_out_dir(out_dir_);
  journal_.emplace(out_dir_ + "/requests.jsonl");
  series_ = std::make_unique<ResultStream>(out_dir_ + "/telemetry.jsonl");
  telemetry_ = std::make_unique<ScenarioTelemetry>(sources);
  write_run_json(out_dir_, run_);

  for (const auto& s : plan_.scenarios) {
    int64_t input_len = s.input_len;  // a conversation's last turn carries its whole history
    if (const auto* c = std::get_if<ConversationSource>(&s.source)) {
      input_len = c->turns * c->user_len + (c->turns - 1) * c->output_len;
    }
    if (d.server.max_model_len > 0 && input_len + s.output_len > d.server.max_model_len) {
      progress_.note(fmt::format(
          "warning: scenario {} asks for {} + {} tokens but the server's max_model_len is {}; "
          "its requests will be rejected and counted as errors",
          s.name, input_len, s.output_len, d.server.max_model_len));
    }
  }

  prompts_ = std::make_unique<PromptFactory>(corpus, plan_.options.seed);
  counter_ = std::make_unique<ServerTokenCounter>(ep_, d.model);
  factory_.emplace(
      RequestFactory{ep_, d.model, ids.prompt_id,
                     GenerationParams{0, plan_.options.ignore_eos, plan_.options.temperature, true},
                     *prompts_, *counter_, plan_.options.seed, 0});
  std::tie(factory_->kv_block_size, factory_->kv_block_size_source) =
      kv_block_size(run_.server.settings);
  factory_->max_model_len = d.server.max_model_len;
  client_ = client_config(plan_, ep_);
}

// The server said it is `sonde sim` (x-sonde-sim): its times are simulated-GPU time run
// `time_scale` times faster, so they are converted exactly as --sim converts them, whatever
// the plan assumed.
void TargetSession::adopt_simulator(const sim::Identity& id) {
  Wiring& w = plan_.wiring;
  if (w.time_scale > 0 && w.time_scale != id.time_scale) {
    run_.warnings.push_back(fmt::format(
        "the simulator at {} runs at time scale {}, not {} as planned; its own figure was used",
        redact(ep_.base_url), id.time_scale, w.time_scale));
  }
  run_.sim_detected = !w.simulated_server;
  w.simulated_server = true;
  w.time_scale = id.time_scale;
  run_.sim_profile = id.profile;
}

// Warm-up requests: short, same endpoint; failures are reported but not fatal.
void TargetSession::warm_up() {
  if (plan_.options.warmup == 0) return;
  ScenarioSpec spec;
  spec.name = "warmup";
  spec.input_len = 256;
  spec.output_len = 16;
  spec.requests = plan_.options.warmup;
  spec.concurrency = 1;
  PromptCalibration unused;
  const DispatchPlan dp = prepare_scenario(*factory_, spec, unused, client_.time_scale);
  int failed = 0;
  std::string first_error;
  run_plan(client_, dp, Clock::now(), [&](RequestRecord&& r) {
    if (!r.ok) {
      ++failed;
      if (first_error.empty() && r.error)
        first_error = r.error->kind_name() + ": " + r.error->message;
    }
  });
  if (failed > 0) {
    progress_.note(fmt::format("warning: {} of {} warm-up requests failed ({})", failed,
                               plan_.options.warmup, first_error));
  }
}

void TargetSession::run_scenario(std::size_t i, Clock::time_point epoch,
                                 const std::atomic<bool>& stop) {
  const ScenarioSpec& spec = plan_.scenarios[i];
  ScenarioResult result;
  result.spec = spec;
  PreparedSource prepared;
  DispatchPlan dp =
      prepare_scenario(*factory_, spec, result.calibration, client_.time_scale, &prepared);
  result.shared_prefix = std::move(prepared.shared_prefix);
  result.conversation = prepared.conversation;
  // A conversation's plan grows as replies arrive: what it planned is longer than dp.requests.
  const std::vector<PreparedRequest>& planned =
      prepared.planned.empty() ? dp.requests : prepared.planned;
  if (prepared.file) {  // the file decides how many requests there are
    result.source = std::move(prepared.file);
    result.spec.requests = static_cast<int>(dp.requests.size());
  }
  const std::optional<ShardWiring>& shard = plan_.wiring.shard;
  if (shard) {  // every shard prepared the whole scenario alike; each keeps its own requests
    ShardShare share;
    dp = shard_dispatch(std::move(dp), spec, ShardIndex{shard->index, shard->count}, &share);
    run_.shard->scenarios.push_back(ShardScenario{spec.name, share.requests, share.concurrency, {}});
    if (share.requests == 0) {
      progress_.note(
          fmt::format("scenario {}: shard {} of {} has none of its requests (fewer "
                      "users or requests than shards); it stays idle for it",
                      spec.name, shard->index, shard->count));
    }
  }
  // A shard's plan is its share: what it accounts for is its own requests.
  const std::vector<PreparedRequest>& own = shard ? dp.requests : planned;
  progress_.begin_scenario(i, plan_.scenarios.size(), spec.name,
                           shard ? static_cast<int>(own.size()) : result.spec.requests);
  telemetry_->start(spec.name, epoch);
  // The open-loop schedule starts now, after telemetry's first scrape: an instant taken before
  // it would make the first requests late by the scrape's duration. Shards start together, at
  // the instant their barrier agrees on.
  Clock::time_point start = Clock::now();
  if (shard) {
    start = scenario_barrier(*shard, i, stop);
    sleep_until_or_stop(start, stop);
  }
  const double base_s = ms_between(epoch, start) / 1000;
  for (auto& r : dp.requests) {
    if (r.intended_offset_s) *r.intended_offset_s += base_s;
  }
  std::vector<RequestRecord> records;
  ClientHealth health;
  CancelToken cancel;  // asked from the sink: error-rate limit or a server that stopped answering
  const RunOptions& o = plan_.options;
  ErrorRateWindow window(o.max_error_rate, o.max_error_window);
  ServerWatch watch;
  // A capacity probe at a rate the server cannot sustain stops once its queue only grows.
  const std::vector<double> arrivals = plan_.wiring.stop_when_saturated && spec.load == LoadShape::rate
                                           ? arrival_instants(dp, client_.time_scale)
                                           : std::vector<double>();
  std::optional<analysis::SaturationWatch> saturation;
  if (arrivals.size() > 1 && arrivals.back() > arrivals.front()) {
    saturation.emplace(arrivals.front(),
                       (arrivals.back() - arrivals.front()) / kSaturationCheckpoints);
  }
  const auto saturated = [&](const RequestRecord& r) {
    const double now = ms_between(epoch, Clock::now()) * client_.time_scale;
    const auto sent = std::upper_bound(arrivals.begin(), arrivals.end(), now) - arrivals.begin();
    const int in_flight = static_cast<int>(sent) - static_cast<int>(records.size()) - 1;
    if (!saturation->add(now, in_flight, static_cast<int>(sent), r.ok ? r.e2el_ms : std::nullopt))
      return false;
    result.saturated = true;
    result.aborted_reason =
        fmt::format("saturated: the queue only grew ({} requests in flight); probe stopped",
                    saturation->last_in_flight());
    cancel.request(ErrorKind::cancelled, "probe stopped: " + result.aborted_reason);
    return true;
  };
  const auto judge = [&](const RequestRecord& r) {
    if (watch.add(r)) {
      const std::string silence = server_silence(ep_);
      if (!silence.empty()) {
        result.aborted_reason = "the server stopped answering (" + silence + ")";
        server_gone_ =
            fmt::format("the server stopped answering during scenario {} ({})", spec.name, silence);
        // Requests in flight get a moment to end on their own: their real error is better data.
        cancel.request(ErrorKind::server_died, result.aborted_reason, kServerDeathGraceS);
        return;
      }
    }
    if (saturation && saturated(r)) return;
    if (o.max_error_rate < 1 && window.add(!r.ok)) {
      result.aborted_reason = fmt::format(
          "{} of the last {} finished requests failed, more than --max-error-rate {}/{}",
          window.failed(), window.size(), o.max_error_rate, o.max_error_window);
      cancel.request(ErrorKind::cancelled, "scenario aborted: " + result.aborted_reason);
    }
  };
  run_plan(
      client_, dp, epoch,
      [&](RequestRecord&& r) {
        journal_->append(r);
        progress_.on_record(r);
        if (!cancel.requested()) judge(r);
        records.push_back(std::move(r));
      },
      &stop, &health, &cancel);
  if (cancel.requested()) {
    const RequestError why{cancel.kind(), 0, "not sent: " + cancel.message()};
    for (auto& r :
         unsent_records(own, records, why, ms_between(epoch, Clock::now()) * client_.time_scale)) {
      journal_->append(r);
      records.push_back(std::move(r));
    }
    if (!result.saturated) {  // a saturated probe is a finding of the search, not a warning
      run_.warnings.push_back(
          fmt::format("scenario {} aborted: {}", spec.name, result.aborted_reason));
      progress_.note("warning: " + run_.warnings.back());
    }
  } else if (stop.load() && records.size() < own.size()) {
    result.aborted_reason = "interrupted";
  } else if (records.size() < own.size()) {
    // Only a conversation gets here: a failed turn ended its session, whose later turns were
    // never built. They count as failed requests, not as requests that never existed.
    const RequestError why{ErrorKind::cancelled, 0,
                           "not sent: an earlier turn of this conversation failed"};
    for (auto& r :
         unsent_records(own, records, why, ms_between(epoch, Clock::now()) * client_.time_scale)) {
      journal_->append(r);
      records.push_back(std::move(r));
    }
  }
  for (const auto& r : records) result.retries += r.attempts - 1;
  result.client_health = health;
  if (shard) run_.shard->scenarios.back().client_health = health;
  // Past these, sonde's own timing may be late: say so rather than report it as the server's.
  if (health.cpu_util_pct >= 85 || health.max_receive_backlog_ms > 5) {
    run_.warnings.push_back(fmt::format(
        "scenario {}: sonde itself was near saturation (client CPU {:.0f} %, receive backlog up "
        "to {:.1f} ms); its latencies may be inflated — try --client-threads or a bigger client",
        spec.name, health.cpu_util_pct, health.max_receive_backlog_ms));
  }
  telemetry_->stop(result, *series_);
  result.summary = summarize_scenario(records);
  if (result.energy) set_output_tokens(*result.energy, result.summary.total_output_tokens);
  result.turns = summarize_turns(records);
  result.goodput =
      analysis::compute_goodput(records, plan_.options.goodput, result.summary.duration_s);
  result.steady_state = analysis::steady_state(records, result.spec, plan_.options.goodput);
  progress_.end_scenario(result.summary);
  run_.scenarios.push_back(result);
  analysis::judge_run(run_);
  write_vllm_json(out_dir_, run_, run_.scenarios.back(), records);
  write_run_json(out_dir_, run_);
}

const RunResult& TargetSession::finish(bool interrupted, const std::string& why) {
  run_.complete = !interrupted && run_.scenarios.size() == plan_.scenarios.size();
  if (!server_gone_.empty()) {
    run_.complete = false;
    run_.incomplete_reason = server_gone_ + "; the remaining scenarios were not run";
  } else if (!run_.complete) {
    run_.incomplete_reason = interrupted ? why : "scenario cut short";
  }
  run_.finished_at = utc_now("{:%Y-%m-%dT%H:%M:%SZ}");
  if (run_.shard) {
    run_.shard->complete = run_.complete;
    run_.shard->incomplete_reason = run_.incomplete_reason;
  }
  write_run_json(out_dir_, run_);
  write_reports(out_dir_, run_, to_string(plan_.options.lang));
  return run_;
}

}  // namespace sonde
