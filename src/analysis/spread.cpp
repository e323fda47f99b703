#include "analysis/spread.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace sonde::analysis {

RepeatStat repeat_stat(const std::vector<double>& values) {
  RepeatStat st;
  double sum = 0;
  for (const double x : values) {
    if (!std::isfinite(x)) continue;
    sum += x;
    st.min = st.n == 0 ? x : std::min(st.min, x);
    st.max = st.n == 0 ? x : std::max(st.max, x);
    ++st.n;
  }
  if (st.n > 0) st.mean = sum / st.n;
  return st;
}

RepeatStat point_stat(const PointResult& p, const std::string& scenario, SummaryMetric read) {
  std::vector<double> values;
  for (const RunResult& r : p.runs) {
    for (const ScenarioResult& s : r.scenarios) {
      if (s.spec.name == scenario && s.summary.completed > 0) values.push_back(read(s.summary));
    }
  }
  return repeat_stat(values);
}

std::optional<double> relative_range(const RepeatStat& s) {
  if (s.n < 2 || !(s.mean > 0)) return std::nullopt;
  return (s.max - s.min) / s.mean;
}

std::optional<double> pooled_spread(const std::vector<RepeatStat>& stats) {
  double sum = 0;
  int n = 0;
  for (const RepeatStat& s : stats) {
    if (const auto r = relative_range(s)) sum += *r, ++n;
  }
  if (n == 0) return std::nullopt;
  return sum / n;
}

std::optional<double> run_spread(const std::vector<const PointResult*>& points, SummaryMetric read) {
  std::vector<RepeatStat> repeated;
  for (const PointResult* p : points) {
    if (p->runs.size() < 2) continue;
    std::set<std::string> names;
    for (const ScenarioResult& s : p->runs.front().scenarios) names.insert(s.spec.name);
    for (const std::string& name : names) repeated.push_back(point_stat(*p, name, read));
  }
  return pooled_spread(repeated);
}

std::optional<double> run_spread(const SweepResult& sweep, SummaryMetric read) {
  std::vector<const PointResult*> ok;
  for (const PointResult& p : sweep.points) {
    if (p.status == PointStatus::ok) ok.push_back(&p);
  }
  return run_spread(ok, read);
}

Difference classify(double change, const std::optional<double>& spread) {
  if (!spread || !std::isfinite(change)) return Difference::unknown;
  return std::fabs(change) > std::max(*spread, 0.0) ? Difference::real : Difference::within_spread;
}

bool significant(double change, const std::optional<double>& spread) {
  if (!std::isfinite(change)) return false;
  if (!spread) return std::fabs(change) > kNoiseFloor;
  return classify(change, spread) == Difference::real;
}

Strength strength(double change, const std::optional<double>& spread) {
  if (!spread || !std::isfinite(change)) return Strength::unknown;
  const double e = std::fabs(change);
  return e > 2 * *spread ? Strength::strong : e > *spread ? Strength::weak : Strength::noise;
}

}  // namespace sonde::analysis
