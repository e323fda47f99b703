#pragma once
// One measured server inside a run: what was discovered about it, its prompts, journal,
// telemetry and result directory. `sonde run` has one; an A/B run interleaves two, scenario by
// scenario, so that drift on the client machine hits both alike.
#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "client/client.hpp"
#include "config/plan.hpp"
#include "results/journal.hpp"
#include "results/run_result.hpp"
#include "results/safe_file.hpp"
#include "runner/progress.hpp"
#include "runner/scenario_exec.hpp"
#include "runner/target.hpp"
#include "runner/telemetry_session.hpp"
#include "util/clock.hpp"
#include "workload/corpus.hpp"
#include "workload/prompt.hpp"

namespace sonde {

struct SimOptions;

// An 8-hex-digit id, new per call.
std::string random_run_id();

// The endpoint path and API key of `plan`; base_url is left to the caller.
Endpoint plan_endpoint(const Plan& plan);

struct SessionIds {
  std::string run_id;     // run.json run_id
  std::string prompt_id;  // in prompt nonces and x-request-ids: equal ids give equal prompts
};

class TargetSession {
 public:
  // Discovers the server at `ep`, records it (environment, settings, warnings), creates
  // `out_dir` (which must not hold a run) and writes a first run.json. `sim` is the in-process
  // simulator's options, nullptr for a server reached by URL; a server reached by URL that
  // says it is `sonde sim` is measured as --sim would measure it (its time scale, its profile).
  // `corpus` and `progress` must outlive the session. Throws UsageError / UnreachableError
  // before anything is measured.
  TargetSession(const Plan& plan, const Corpus& corpus, Endpoint ep, const SimOptions* sim,
                std::string out_dir, const SessionIds& ids, Progress& progress);
  TargetSession(const TargetSession&) = delete;
  TargetSession& operator=(const TargetSession&) = delete;

  // plan.warmup short requests, not measured; failures are a warning.
  void warm_up();
  // Runs plan.scenarios[index]; instants count from `epoch`. Cut short when `stop` turns true.
  void run_scenario(std::size_t index, Clock::time_point epoch, const std::atomic<bool>& stop);
  // Non-empty once a scenario found the server no longer answering (the run should end, exit 4):
  // what was seen, for run.json's incomplete_reason.
  const std::string& server_gone() const { return server_gone_; }
  // Marks the run complete (all scenarios ran and not `interrupted`) and writes run.json and
  // the reports.
  // `why` is the incomplete_reason of an interrupted run (server_gone() takes precedence).
  const RunResult& finish(bool interrupted, const std::string& why = "interrupted by signal");

  // `sonde run --clients N`, in a shard (plan.wiring.shard): what it knows of itself so far
  // (index, start instant, clock offset), completed by each scenario and by finish().
  void set_shard(ShardFacts facts) {
    run_.clients = facts.count;
    run_.shard = std::move(facts);
  }

  // `sonde capacity`: what the search found, written to run.json and the reports by finish().
  void set_capacity(CapacityResult capacity) { run_.capacity = std::move(capacity); }

  // Appends a scenario to this session's own plan (`sonde capacity`'s probes, decided one at a
  // time); returns the index to give run_scenario.
  std::size_t add_scenario(ScenarioSpec spec) {
    plan_.scenarios.push_back(std::move(spec));
    return plan_.scenarios.size() - 1;
  }

  const RunResult& result() const { return run_; }
  const std::string& out_dir() const { return out_dir_; }

 private:
  Plan plan_;  // a copy: a server found to be `sonde sim` changes its wiring (time scale)
  Progress& progress_;
  Endpoint ep_;
  std::string out_dir_;
  Discovery discovery_;
  RunResult run_;
  ClientConfig client_;
  std::optional<JournalWriter> journal_;
  std::unique_ptr<ResultStream> series_;  // telemetry.jsonl
  std::unique_ptr<ScenarioTelemetry> telemetry_;
  std::unique_ptr<PromptFactory> prompts_;
  std::unique_ptr<ServerTokenCounter> counter_;
  std::optional<RequestFactory> factory_;
  std::string server_gone_;

  void adopt_simulator(const sim::Identity& identity);
};

}  // namespace sonde
