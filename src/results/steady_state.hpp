#pragma once
// The steady-state window of one closed or rate scenario (analysis/steady_state.hpp finds it,
// docs/metrics.md "Steady state" defines it): the part of the scenario where the load was at its
// plateau, without the ramp-up at the start and the drain at the end.
#include <optional>

namespace sonde {

struct SteadyState {
  double start_ms = 0;  // window start, ms since the run's epoch (scaled like request instants)
  double end_ms = 0;    // window end, same clock
  int requests = 0;     // requests sent inside the window, failed ones included
  double request_throughput = 0;  // ok requests that finished inside the window / its length, req/s
  double output_throughput = 0;   // their output tokens / window length, tok/s
  double total_token_throughput = 0;  // their input + output tokens / window length, tok/s
  // Under --goodput: good share of `requests`, % (unset without --goodput or with no request).
  std::optional<double> attainment_pct;
};

}  // namespace sonde
