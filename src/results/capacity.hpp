#pragma once
// What `sonde capacity` found (runner/capacity_run.hpp measures, analysis/capacity_search.hpp
// searches, docs/metrics.md "Capacity" defines): written to capacity.json and, for the report,
// to run.json `capacity`. Each probe is also an ordinary scenario of run.json.
#include <optional>
#include <string>
#include <vector>

#include "config/run_options.hpp"

namespace sonde {

// Percentiles of one latency over a probe's steady-state requests, ms (NaN when none).
struct LatencyPercentiles {
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
};

struct CapacityProbe {
  std::string scenario;          // its scenario in run.json, e.g. "capacity_03_rate_12"
  double load = 0;               // the load probed: req/s (rate) or concurrency
  double rate = 0;               // req/s: offered (rate), or measured over the window (concurrency)
  double attainment_pct = 0;     // steady-state SLO attainment, %
  bool passed = false;           // not saturated and attainment >= target
  bool saturated = false;        // stopped early: the queue only grew
  bool verification = false;     // a repeat at a candidate answer
  int completed = 0;             // ok requests of the probe
  int failed = 0;                // failed requests of the probe (stopped ones included)
  double output_throughput = 0;  // steady-state output tokens/s (whole probe when no window)
  LatencyPercentiles ttft_ms;    // over the probe's ok requests
  LatencyPercentiles tpot_ms;
};

struct CapacityResult {
  std::string load = "rate";                  // "rate" (req/s) or "concurrency"
  GoodputSlos slos;                           // the --goodput objectives, ms
  double target_pct = 90;                     // --attainment
  double max_load = 0;                        // --max-rate: highest load the search would probe
  std::string status;                         // found, at_max, lowest_fails, aborted
  std::optional<double> capacity;             // the verified load (unset unless found / at_max)
  std::optional<double> capacity_rps;         // request rate at the answer, req/s
  std::optional<double> capacity_output_tps;  // steady-state output tokens/s at the answer
  double bracket_lo = 0;                      // highest load that passed (0: none)
  double bracket_hi = 0;                      // lowest load above it that failed (0: none)
  std::vector<CapacityProbe> probes;          // in the order run
};

}  // namespace sonde
