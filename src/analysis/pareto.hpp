#pragma once
// The Pareto frontier of throughput against interactivity (docs/metrics.md "Pareto frontier"):
// the points no other point beats on both axes, as vLLM's `bench sweep plot_pareto` and
// InferenceMAX-style charts draw it. Both axes are higher-is-better.
#include <cstddef>
#include <vector>

namespace sonde::analysis {

struct ParetoPoint {
  double tokens_per_user = 0;  // x: output tokens/s one user sees (interactivity)
  double tokens_per_gpu = 0;   // y: output tokens/s per GPU (throughput)
};

// Indices into `points` of the non-dominated ones, by ascending tokens_per_user. A point is
// dominated when another is at least as good on both axes and better on one; equal points
// dominate neither each other. Points with a non-finite coordinate are never on the frontier.
std::vector<std::size_t> pareto_frontier(const std::vector<ParetoPoint>& points);

}  // namespace sonde::analysis
