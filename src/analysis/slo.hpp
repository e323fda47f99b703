#pragma once
// A user's bound on one figure, `--slo ttft_p99_ms<=2000` (report/findings.hpp parses it): what
// the sweep recommendations must respect, by suite figures or at a capacity answer.
#include <string>

namespace sonde::analysis {

struct Slo {
  std::string metric;   // ttft_p50_ms, ttft_p99_ms, tpot_p50_ms, tpot_p99_ms, itl_p99_ms,
                        // e2e_p99_ms, output_tok_s, error_rate
  bool at_most = true;  // "<=" (true) or ">=" (false)
  double bound = 0;     // in the metric's unit (ms, tok/s, a fraction for error_rate)
};

}  // namespace sonde::analysis
