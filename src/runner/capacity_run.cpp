#include "runner/capacity_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "results/atomic_file.hpp"
#include "results/capacity_json.hpp"
#include "runner/plan_target.hpp"
#include "runner/progress.hpp"
#include "runner/runner.hpp"
#include "runner/target_session.hpp"
#include "util/utc.hpp"
#include "workload/corpus.hpp"

namespace sonde {
namespace {

LatencyPercentiles percentiles(const Distribution& d) { return {d.p50, d.p90, d.p99}; }

// One probe's line of capacity.json, from its scenario. Attainment is the steady-state one; a
// probe too short for a steady window falls back on the whole scenario's goodput.
CapacityProbe probe_record(const ScenarioResult& s, double load, bool concurrency) {
  CapacityProbe p;
  p.scenario = s.spec.name;
  p.load = load;
  const auto& ss = s.steady_state;
  if (ss && ss->attainment_pct) {
    p.attainment_pct = *ss->attainment_pct;
  } else if (s.goodput) {
    p.attainment_pct = s.goodput->attainment_pct;
  }
  p.rate = !concurrency ? load : ss ? ss->request_throughput : s.summary.request_throughput;
  p.saturated = s.saturated;
  p.completed = s.summary.completed;
  p.failed = s.summary.failed;
  p.output_throughput = ss ? ss->output_throughput : s.summary.output_throughput;
  p.ttft_ms = percentiles(s.summary.ttft_ms);
  p.tpot_ms = percentiles(s.summary.tpot_ms);
  return p;
}

// capacity.json from the search's outcome and the probes measured (steps[i] is probes[i]; an
// aborted step that never ran has no probe).
CapacityResult capacity_result(const CapacityPlan& cap, const analysis::SearchOutcome& o,
                               std::vector<CapacityProbe> probes) {
  CapacityResult c;
  c.load = cap.concurrency ? "concurrency" : "rate";
  c.slos = cap.plan.options.goodput;
  c.target_pct = cap.search.target_pct;
  c.max_load = cap.search.max_load;
  c.status = analysis::to_string(o.status);
  c.bracket_lo = o.lo;
  c.bracket_hi = o.hi;
  for (std::size_t i = 0; i < probes.size() && i < o.steps.size(); ++i) {
    probes[i].passed = o.steps[i].passed;
    probes[i].verification = o.steps[i].verification;
  }
  c.capacity = o.capacity;
  if (o.capacity) {
    // The passing verification at the answer gives the figures the answer stands on.
    for (auto it = probes.rbegin(); it != probes.rend(); ++it) {
      if (it->verification && it->passed && it->load == *o.capacity) {
        c.capacity_rps = it->rate;
        c.capacity_output_tps = it->output_throughput;
        break;
      }
    }
  }
  c.probes = std::move(probes);
  return c;
}

std::string load_label(double load) {
  std::string s = fmt::format("{:.3f}", load);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  std::replace(s.begin(), s.end(), '.', 'p');  // scenario names end up in file names
  return s;
}

}  // namespace

CapacityPlan capacity_plan(const CapacityBlock& block) {
  CapacityPlan cap;
  cap.input_len = block.input_len;
  cap.output_len = block.output_len;
  cap.concurrency = block.concurrency;
  cap.search.target_pct = block.attainment_pct;
  cap.search.start_load = block.start_load;
  cap.search.max_load = block.max_load;
  cap.search.integer = block.concurrency;
  cap.probe_s = block.probe_s;
  return cap;
}

ScenarioSpec capacity_probe_spec(const CapacityPlan& cap, int index, double load) {
  ScenarioSpec s;
  s.input_len = cap.input_len;
  s.output_len = cap.output_len;
  if (cap.concurrency) {
    s.name = fmt::format("capacity_{:02}_c{}", index + 1, load_label(load));
    s.load = LoadShape::closed;
    s.concurrency = static_cast<int>(load);
    s.requests = std::max(cap.min_requests, s.concurrency * cap.rounds);
  } else {
    s.name = fmt::format("capacity_{:02}_rate_{}", index + 1, load_label(load));
    s.load = LoadShape::rate;
    s.request_rate = load;
    s.requests = std::max(cap.min_requests, static_cast<int>(std::ceil(load * cap.probe_s)));
  }
  return s;
}

CapacityRun execute_capacity(const CapacityPlan& cap, const std::atomic<bool>& stop,
                             const std::atomic<int>* stop_signal) {
  Plan plan = cap.plan;  // the probes are appended to the session's own copy as the search asks
  plan.wiring.stop_when_saturated = true;
  plan.scenarios = {capacity_probe_spec(cap, 0, cap.search.start_load)};
  validate(plan);  // checks the target, options and the first probe's shape
  plan.scenarios.clear();
  const Corpus corpus = Corpus::load(plan.options.corpus);
  Progress progress;

  PlanTarget target = start_plan_target(plan);
  CapacityRun out;
  out.out_dir =
      plan.out_dir.empty() ? "results/" + utc_now("{:%Y%m%d-%H%M%S}") + "-capacity" : plan.out_dir;
  const std::string id = random_run_id();
  TargetSession session(plan, corpus, target.endpoint, target.sim ? &target.sim_options : nullptr,
                        out.out_dir, SessionIds{id, id}, progress);
  session.warm_up();

  const Clock::time_point epoch = Clock::now();
  std::vector<CapacityProbe> probes;
  const auto write_capacity = [&](const analysis::SearchOutcome& o) {
    const CapacityResult c = capacity_result(cap, o, probes);
    write_file_atomic(std::filesystem::path(out.out_dir) / "capacity.json", capacity_json_text(c));
    return c;
  };
  analysis::SearchOutcome so_far;  // what capacity.json says while the search runs: aborted
  const analysis::Prober prober = [&](double load) {
    if (stop.load() || !session.server_gone().empty())
      return analysis::ProbeVerdict{0, false, true};
    const int index = static_cast<int>(session.result().scenarios.size());
    session.run_scenario(session.add_scenario(capacity_probe_spec(cap, index, load)), epoch, stop);
    probes.push_back(probe_record(session.result().scenarios.back(), load, cap.concurrency));
    const CapacityProbe& p = probes.back();
    const analysis::ProbeVerdict v{p.attainment_pct, p.saturated,
                                   stop.load() || !session.server_gone().empty()};
    progress.note(fmt::format("capacity: {} {} -> steady-state attainment {:.1f} %{}",
                              cap.concurrency ? "concurrency" : "rate", load_label(load),
                              p.attainment_pct,
                              p.saturated ? " (saturated: the queue only grew)" : ""));
    so_far.steps.push_back({load, v, false, false});
    write_capacity(so_far);
    return v;
  };
  const analysis::SearchOutcome outcome = analysis::search_capacity(cap.search, prober);
  session.set_capacity(write_capacity(outcome));
  out.run = session.finish(stop.load(), interruption_reason(stop_signal));
  if (target.sim) target.sim->stop();
  out.code = !session.server_gone().empty() ? ExitCode::server_gone
             : stop.load()                  ? ExitCode::interrupted
                                            : ExitCode::ok;
  return out;
}

}  // namespace sonde
