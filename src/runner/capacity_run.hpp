#pragma once
// `sonde capacity`: one run whose scenarios are the probes of a capacity search
// (analysis/capacity_search.hpp), each an ordinary scenario of run.json, plus capacity.json and
// the report's capacity section.
#include <atomic>
#include <cstdint>
#include <string>

#include "analysis/capacity_search.hpp"
#include "config/capacity_block.hpp"
#include "config/plan.hpp"
#include "results/run_result.hpp"
#include "util/error.hpp"

namespace sonde {

struct CapacityPlan {
  Plan plan;                 // target, run options (--goodput required) and out_dir; no scenarios
  int64_t input_len = 0;     // prompt tokens of every probe
  int64_t output_len = 0;    // output tokens of every probe
  bool concurrency = false;  // search closed-loop concurrency instead of request rate
  analysis::CapacitySearchSpec search;  // target attainment, start and max load, resolution
  double probe_s = 60;    // arrivals of one rate probe span this many (simulated) seconds
  int min_requests = 20;  // at least this many requests per probe
  int rounds = 8;         // a concurrency probe sends concurrency x rounds requests
};

struct CapacityRun {
  RunResult run;                 // as written to run.json (run.capacity set)
  std::string out_dir;           // where
  ExitCode code = ExitCode::ok;  // server_gone, interrupted, or ok (the search's verdict is in
                                 // run.capacity->status)
};

// Validates, starts the simulator when asked, searches and writes every file. Throws UsageError
// / UnreachableError before anything is measured.
CapacityRun execute_capacity(const CapacityPlan& cap, const std::atomic<bool>& stop,
                             const std::atomic<int>* stop_signal = nullptr);

// A suite or sweep file's `capacity:` block as a search (its plan left empty; the SLOs are the
// plan's goodput, which the caller sets).
CapacityPlan capacity_plan(const CapacityBlock& block);

// The scenario of probe `index` (0-based) at `load`: a rate or closed-loop scenario of the
// plan's lengths, sized by probe_s / rounds.
ScenarioSpec capacity_probe_spec(const CapacityPlan& cap, int index, double load);

}  // namespace sonde
