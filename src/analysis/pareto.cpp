#include "analysis/pareto.hpp"

#include <algorithm>
#include <cmath>

namespace sonde::analysis {
namespace {

bool finite(const ParetoPoint& p) {
  return std::isfinite(p.tokens_per_user) && std::isfinite(p.tokens_per_gpu);
}

bool dominates(const ParetoPoint& a, const ParetoPoint& b) {
  return a.tokens_per_user >= b.tokens_per_user && a.tokens_per_gpu >= b.tokens_per_gpu &&
         (a.tokens_per_user > b.tokens_per_user || a.tokens_per_gpu > b.tokens_per_gpu);
}

}  // namespace

// Sweeps have tens of points: the plain pairwise check is the clearest and fast enough.
std::vector<std::size_t> pareto_frontier(const std::vector<ParetoPoint>& points) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!finite(points[i])) continue;
    const bool beaten = std::any_of(points.begin(), points.end(), [&](const ParetoPoint& q) {
      return finite(q) && dominates(q, points[i]);
    });
    if (!beaten) out.push_back(i);
  }
  std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
    return points[a].tokens_per_user < points[b].tokens_per_user;
  });
  return out;
}

}  // namespace sonde::analysis
