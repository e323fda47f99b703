#pragma once
// Goodput (docs/metrics.md "Goodput"): the requests that succeeded and met every --goodput
// objective, as vLLM's benchmark_serving counts them — a successful request's TPOT is taken as 0
// when it produced at most one token, and request_goodput divides by the scenario's duration.
#include <optional>
#include <vector>

#include "results/goodput.hpp"
#include "results/record.hpp"

namespace sonde::analysis {

// Whether one request is good under `slos` (it succeeded and each given objective was met).
bool is_good_request(const RequestRecord& r, const GoodputSlos& slos);

// Goodput of a scenario's `records` over `duration_s` (ScenarioSummary::duration_s); unset
// when `slos` gives no objective.
std::optional<GoodputResult> compute_goodput(const std::vector<RequestRecord>& records,
                                             const GoodputSlos& slos, double duration_s);

}  // namespace sonde::analysis
