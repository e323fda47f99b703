#include "analysis/groups.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sonde::analysis {

namespace {

// "--no-<flag>" → "false"; "--<flag> VALUE" → VALUE; "--<flag>" alone (last, or followed by
// another flag) → "true"; "" when the command line does not carry it.
std::string from_command(const std::string& command, const std::string& flag) {
  const std::string needle = "--" + flag;
  if (command.find("--no-" + flag) != std::string::npos) return "false";
  const auto at = command.find(needle + " ");
  if (at != std::string::npos) {
    const auto start = at + needle.size() + 1;
    const std::string value = command.substr(start, command.find(' ', start) - start);
    if (value.rfind("--", 0) != 0) return value;
    return "true";
  }
  const auto end = command.find(needle);
  if (end != std::string::npos && end + needle.size() == command.size()) return "true";
  return "";
}

}  // namespace

std::string point_setting(const PointResult& p, const std::string& flag) {
  for (const auto& [k, v] : p.settings) {
    if (k == flag) return v;
  }
  if (std::string v = from_command(p.command, flag); !v.empty()) return v;
  if (!p.runs.empty()) {
    for (const ServerSetting& s : p.runs.front().server.settings) {
      if (s.name == flag) return s.value;
    }
  }
  // vLLM's defaults for the two switches that default on.
  if (flag == "enable-chunked-prefill" || flag == "enable-prefix-caching") return "true";
  return "";
}

GroupStat group_stat(const SweepResult& sweep, const std::string& flag, const std::string& value,
                     const std::string& scenario, SummaryMetric metric) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  GroupStat g{kNaN, kNaN, kNaN, kNaN, 0};
  double sum = 0;
  for (const auto& p : sweep.points) {
    if (p.status != PointStatus::ok) continue;
    if (point_setting(p, flag) != value) continue;
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
