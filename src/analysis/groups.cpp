#include "analysis/groups.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sonde::analysis {

std::string point_setting(const PointResult& p, const std::string& flag) {
  for (const auto& [k, v] : p.settings) {
    if (k == flag) return v;
  }
  // Not set by the point: a launched server's command line may still carry it (fixed args).
  const std::string needle = "--" + flag;
  if (p.command.find("--no-" + flag) != std::string::npos) return "false";
  const auto at = p.command.find(needle + " ");
  if (at != std::string::npos) {
    const auto start = at + needle.size() + 1;
    return p.command.substr(start, p.command.find(' ', start) - start);
  }
  if (p.command.find(needle) != std::string::npos) return "true";
  return "";
}

GroupStat group_stat(const SweepResult& sweep, const std::string& flag, const std::string& value,
                     const std::string& scenario, SummaryMetric metric) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  GroupStat g{kNaN, kNaN, kNaN, kNaN, 0};
  double sum = 0;
  for (const auto& p : sweep.points) {
    if (p.status != PointStatus::ok) continue;
    const std::string v = point_setting(p, flag);
    // An unset boolean flag means vLLM's default: chunked prefill and prefix caching are on.
    const bool default_on = flag == "enable-chunked-prefill" || flag == "enable-prefix-caching";
    const bool matches = v == value || (v.empty() && value == "true" && default_on);
    if (!matches) continue;
    std::vector<double> xs;
    for (const auto& r : p.runs) {
      for (const auto& s : r.scenarios) {
        if (s.spec.name != scenario) continue;
        const double x = metric(s.summary);
        if (std::isfinite(x)) xs.push_back(x);
      }
    }
    if (xs.empty()) continue;
    double point_sum = 0;
    for (double x : xs) point_sum += x;
    const double point_mean = point_sum / double(xs.size());
    for (double x : xs) {
      sum += x;
      g.min = g.n == 0 ? x : std::min(g.min, x);
      g.max = g.n == 0 ? x : std::max(g.max, x);
      ++g.n;
      // Only repeats of one point show noise; points of other settings differ by design.
      if (xs.size() > 1) {
        const double dev = std::abs(x - point_mean);
        g.spread = std::isnan(g.spread) ? dev : std::max(g.spread, dev);
      }
    }
  }
  if (g.n > 0) g.mean = sum / g.n;
  return g;
}

}  // namespace sonde::analysis
