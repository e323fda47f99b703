#pragma once
// A sweep decided by capacity (docs/metrics.md "Capacity per GPU"): each point's capacity
// search and the figures derived from it, and the sweep's decision over them (the Pareto
// frontier, the ranking and the recommendation; analysis/capacity_ranking.hpp decides).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "results/capacity.hpp"

namespace sonde {

// One point's capacity: its search (the point's capacity.json) and the per-GPU figures.
struct PointCapacity {
  std::string dir;        // the capacity run's directory, relative to the sweep directory
  CapacityResult search;  // what the search found (as in DIR/capacity.json)
  int gpus = 1;           // GPUs the server used: tensor-parallel-size x pipeline-parallel-size
  std::optional<double> capacity_per_gpu;    // capacity_rps / gpus, req/s per GPU
  std::optional<double> output_tps_per_gpu;  // capacity_output_tps / gpus, output tok/s per GPU
  std::optional<double> tpot_p50_ms;         // TPOT p50 of the verification probe at the answer
  std::optional<double> tokens_per_user;     // 1000 / tpot_p50_ms: output tok/s one user sees
};

// Why the runner-up is not the recommendation (sweep.json `runner_up_reason`).
enum class RunnerUpReason {
  less_capacity,  // on the frontier and within the SLOs, with less capacity per GPU
  off_frontier,   // within the SLOs but dominated by another point
  misses_slo,     // has a capacity but misses one of the user's --slo bounds at it
};

// "less_capacity", "off_frontier", "misses_slo".
const char* to_string(RunnerUpReason r);
std::optional<RunnerUpReason> parse_runner_up_reason(const std::string& text);

// The sweep's decision over its points' capacities.
struct CapacityDecision {
  // Points with a measured capacity, by capacity per GPU, best first.
  std::vector<std::string> ranking;
  // The non-dominated points of (output tok/s per GPU, tok/s per user), by ascending tok/s per
  // user (analysis/pareto.hpp).
  std::vector<std::string> pareto;
  // Points whose figures at their capacity meet every --slo the decision could evaluate.
  std::vector<std::string> within_slos;
  std::string recommended;  // "" when no point has a capacity within the SLOs
  std::string runner_up;    // "" when no other point has a capacity
  std::optional<RunnerUpReason> runner_up_reason;  // set with runner_up
  std::string dominated_by;  // off_frontier: a point that dominates the runner-up
};

void to_json(nlohmann::json& j, const PointCapacity& c);
void from_json(const nlohmann::json& j, PointCapacity& c);
void to_json(nlohmann::json& j, const CapacityDecision& d);
void from_json(const nlohmann::json& j, CapacityDecision& d);

}  // namespace sonde
