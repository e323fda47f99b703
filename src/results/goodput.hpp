#pragma once
// Goodput of one scenario under the --goodput objectives (analysis/goodput.hpp computes it,
// docs/metrics.md "Goodput" defines it).
#include "config/run_options.hpp"

namespace sonde {

struct GoodputResult {
  GoodputSlos slos;            // the objectives, milliseconds
  int good = 0;                // requests that succeeded and met every objective
  int total = 0;               // every measured request of the scenario (failed ones included)
  double attainment_pct = 0;   // good / total * 100 (0 when total is 0)
  double request_goodput = 0;  // good / scenario duration, req/s (vLLM's request_goodput)
};

}  // namespace sonde
