#pragma once
// A sweep decided by capacity (docs/metrics.md "Capacity per GPU"): each point's per-GPU
// figures from its capacity search, the Pareto frontier of output tok/s per GPU against tok/s per
// user over the points, the ranking by capacity per GPU and the recommendation — the frontier
// point within the user's --slo bounds with the most capacity per GPU — with its runner-up.
#include <optional>
#include <string>
#include <vector>

#include "analysis/slo.hpp"
#include "results/sweep_result.hpp"

namespace sonde::analysis {

// The passing verification probe at the search's answer (nullptr when there is no answer).
const CapacityProbe* answer_probe(const CapacityResult& search);

// A point's capacity figures: per GPU (`gpus` >= 1) and tok/s per user at the answer.
PointCapacity point_capacity(const CapacityResult& search, int gpus, std::string dir);

// Whether the figures at the point's capacity meet `slo`: TTFT/TPOT p50 and p99 and the error
// rate of the answer's probe, output_tok_s against capacity_output_tps. nullopt when the metric
// is not measured at the answer (ITL, E2E) or there is no answer.
std::optional<bool> meets_at_capacity(const PointCapacity& c, const Slo& slo);

// The decision over the sweep's ok points that have a capacity answer; nullopt when no point has
// a capacity record at all (a sweep without a `capacity:` block).
std::optional<CapacityDecision> decide_by_capacity(const SweepResult& sweep,
                                                   const std::vector<Slo>& slos);

}  // namespace sonde::analysis
