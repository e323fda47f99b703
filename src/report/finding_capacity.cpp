// Rule "recommendation" for a sweep decided by capacity (analysis/capacity_ranking.hpp decides,
// sweep.json `capacity` holds it): the frontier point within the SLOs with the most capacity per
// GPU, and why the runner-up comes second.
#include <fmt/format.h>

#include <cmath>

#include "analysis/capacity_ranking.hpp"
#include "report/finding_rules.hpp"
#include "report/format.hpp"
#include "report/server_side.hpp"

namespace sonde::report::findings {
namespace {

// The search resolves a capacity to within 10 % (CapacitySearchSpec::resolution).
constexpr double kResolution = 0.1;

const PointResult* find_point(const SweepResult& sweep, const std::string& name) {
  for (const PointResult& p : sweep.points) {
    if (p.name == name && p.capacity) return &p;
  }
  return nullptr;
}

std::string slos_missed(const PointCapacity& c, const std::vector<Slo>& slos) {
  std::vector<std::string> out;
  for (const Slo& s : slos) {
    if (!analysis::meets_at_capacity(c, s).value_or(true))
      out.push_back(fmt::format("`{}{}{:g}`", s.metric, s.at_most ? "<=" : ">=", s.bound));
  }
  return joined(out, ", ");
}

std::string slos_text(const std::vector<Slo>& slos) {
  std::vector<std::string> out;
  for (const Slo& s : slos)
    out.push_back(fmt::format("`{}{}{:g}`", s.metric, s.at_most ? "<=" : ">=", s.bound));
  return joined(out, ", ");
}

std::string runner_up_text(const SweepResult& sweep, const CapacityDecision& d,
                           const PointCapacity& best, const FindingMessages& m,
                           const ConclusionOptions& opt) {
  const PointResult* second = find_point(sweep, d.runner_up);
  if (second == nullptr || !d.runner_up_reason) return m.rec_cap_alone;
  const PointCapacity& c = *second->capacity;
  const std::string settings = settings_text(*second);
  switch (*d.runner_up_reason) {
    case RunnerUpReason::less_capacity: {
      const double less = 1 - c.capacity_per_gpu.value_or(NAN) / *best.capacity_per_gpu;
      const double more = c.tokens_per_user.value_or(NAN) / *best.tokens_per_user - 1;
      return m.rec_cap_less.format(arg<"point">(second->name), arg<"settings">(settings),
                                   arg<"cpg">(percent(less)), arg<"tpu">(percent(more)));
    }
    case RunnerUpReason::off_frontier:
      return m.rec_cap_off.format(arg<"point">(second->name), arg<"settings">(settings),
                                  arg<"by">(d.dominated_by));
    case RunnerUpReason::misses_slo:
      return m.rec_cap_miss.format(arg<"point">(second->name), arg<"settings">(settings),
                                   arg<"slos">(slos_missed(c, opt.slos)));
  }
  return m.rec_cap_alone;
}

}  // namespace

Finding capacity_recommendation(const SweepResult& sweep, const FindingMessages& m,
                                const ConclusionOptions& opt) {
  const CapacityDecision& d = *sweep.capacity;
  Finding f{RuleId::recommendation, true, "", "", ""};
  std::vector<std::string> ranking;
  for (const std::string& name : d.ranking) {
    const PointResult* p = find_point(sweep, name);
    ranking.push_back(fmt::format("{} {} req/s", name, autonum(*p->capacity->capacity_per_gpu)));
  }
  f.evidence = m.rec_cap_evidence.format(arg<"ranking">(joined(ranking, ", ")),
                                         arg<"frontier">(joined(d.pareto, ", ")));
  const PointResult* best = find_point(sweep, d.recommended);
  if (best == nullptr) {
    if (d.ranking.empty()) return not_measured(RuleId::recommendation, m.rec_cap_none_measured, m);
    f.text = m.rec_cap_none.format(arg<"slos">(slos_text(opt.slos)));
    return f;
  }
  const PointCapacity& c = *best->capacity;
  f.text = m.rec_cap_text.format(arg<"point">(best->name), arg<"settings">(settings_text(*best)),
                                 arg<"cpg">(autonum(*c.capacity_per_gpu)),
                                 arg<"tpg">(autonum(*c.output_tps_per_gpu)),
                                 arg<"tpu">(autonum(*c.tokens_per_user))) +
           " " + runner_up_text(sweep, d, c, m, opt);
  if (const PointResult* second = find_point(sweep, d.runner_up)) {
    const double margin = 1 - second->capacity->capacity_per_gpu.value_or(NAN) / *c.capacity_per_gpu;
    if (std::isfinite(margin)) {
      f.confidence = m.rec_cap_conf.format(
          arg<"margin">(percent(margin)),
          arg<"verdict">(std::fabs(margin) > kResolution ? m.conf_cap_clear : m.conf_cap_tie));
    }
  }
  return f;
}

}  // namespace sonde::report::findings
