#pragma once
// The search of `sonde capacity` (docs/metrics.md "Capacity"): the highest load (request rate,
// or concurrency) whose steady-state SLO attainment meets a target, by bracketing (doubling from
// a start load) then bisection, with a verification repeat at the answer. Pure: every
// measurement comes from the prober the caller passes, so tests drive it with a fake server.
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sonde::analysis {

// What one probe at one load found.
struct ProbeVerdict {
  double attainment_pct = 0;  // steady-state SLO attainment, %
  bool saturated = false;     // the queue only grew (the probe was stopped early): a failure
  bool aborted = false;       // the server stopped answering or the user interrupted: stop here
};

struct CapacitySearchSpec {
  double target_pct = 90;   // attainment a load must reach, in (0, 100]
  double start_load = 1;    // first probe (> 0)
  double max_load = 1024;   // never probe above this (>= start_load)
  double resolution = 0.1;  // bisection stops once (hi - lo) <= resolution x lo
  bool integer = false;     // loads are whole numbers (concurrency)
  int max_probes = 24;      // bracketing + bisection probes at most, verification not counted
};

enum class SearchStatus {
  found,         // capacity measured and verified
  at_max,        // max_load itself met the target (and was verified): capacity >= max_load
  lowest_fails,  // no load passed, or every candidate failed its repeat
  aborted,       // a probe was aborted (server gone, interrupted); the bracket so far is kept
};

// "found", "at_max", "lowest_fails", "aborted" (capacity.json `status`).
const char* to_string(SearchStatus s);

struct SearchStep {
  double load = 0;            // the load probed
  ProbeVerdict verdict;       // what it found
  bool passed = false;        // not saturated and attainment >= target
  bool verification = false;  // a repeat at a candidate answer
};

struct SearchOutcome {
  SearchStatus status = SearchStatus::aborted;
  std::optional<double> capacity;  // the verified answer (unset for lowest_fails / aborted)
  double lo = 0;                   // highest load that passed (0 when none did)
  double hi = 0;                   // lowest load that failed above lo (0 when none did)
  std::vector<SearchStep> steps;   // every probe in the order run
};

// Measures one load. Called once per step.
using Prober = std::function<ProbeVerdict(double load)>;

// Runs the search. A verification repeat that fails becomes the bracket's top; the search then
// bisects again from the next lower load that passed and verifies its new answer.
SearchOutcome search_capacity(const CapacitySearchSpec& spec, const Prober& probe);

}  // namespace sonde::analysis
