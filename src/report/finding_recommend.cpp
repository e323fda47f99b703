// Rule "recommendation": the ok sweep point that best meets the user's goal, among those that
// meet the SLOs (or, when none does, the one that misses them by least), with the runner-up and
// the margin between them. A sweep with a capacity block is decided by capacity instead
// (finding_capacity.cpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/finding_rules.hpp"
#include "report/format.hpp"
#include "report/server_side.hpp"
#include "report/summary_metrics.hpp"

namespace sonde::report::findings {
namespace {

using metric::out_tput;
using metric::tpot_p99;
using metric::ttft_p99;

struct Scored {
  const PointResult* p = nullptr;
  double key = kNaN;    // higher is better, whatever the goal
  double shown = kNaN;  // the score as the reader sees it (tok/s, index)
  double tput = kNaN;   // mean output tok/s at the highest concurrency
  double ttft = kNaN;   // worst scenario's TTFT p99 (ms)
  double tpot = kNaN;   // worst scenario's TPOT p99 (ms)
  double miss = 0;      // how far the SLOs are missed (sum of relative excesses)
};

// Per scenario, the best value of `read` over the points (min for latency, max for throughput).
double best_of(const std::vector<const PointResult*>& ok, const std::string& sc, SummaryMetric read,
               bool lower) {
  double best = kNaN;
  for (const PointResult* p : ok) {
    const double v = point_stat(*p, sc, read).mean;
    if (std::isfinite(v) && v > 0 && (!std::isfinite(best) || (lower ? v < best : v > best)))
      best = v;
  }
  return best;
}

// Mean over scenarios of the point's value relative to the best point's (1 = best everywhere;
// latency ratios are inverted so that higher is better for every term).
double relative(const PointResult& p, const std::vector<const PointResult*>& ok,
                const std::vector<const ScenarioSpec*>& scenarios, SummaryMetric read, bool lower) {
  double sum = 0;
  int n = 0;
  for (const ScenarioSpec* sc : scenarios) {
    const double v = point_stat(p, sc->name, read).mean, best = best_of(ok, sc->name, read, lower);
    if (!(v > 0) || !(best > 0)) continue;
    sum += lower ? best / v : v / best;
    ++n;
  }
  return n > 0 ? sum / n : kNaN;
}

double worst(const PointResult& p, const std::vector<const ScenarioSpec*>& scenarios,
             SummaryMetric read) {
  double w = kNaN;
  for (const ScenarioSpec* sc : scenarios) {
    const double v = point_stat(p, sc->name, read).mean;
    if (std::isfinite(v) && !(v <= w)) w = v;
  }
  return w;
}

// SLO value of a point: the largest over its scenarios — for latency and errors the worst
// scenario (the bound must hold everywhere), for throughput the best one (what it can deliver).
double slo_value(const PointResult& p, const std::vector<const ScenarioSpec*>& scenarios,
                 const Slo& slo) {
  const Metric* metric = find_metric(slo.metric);
  if (!metric) return kNaN;
  double v = kNaN;
  for (const ScenarioSpec* sc : scenarios) {
    const double x = point_stat(p, sc->name, metric->read).mean;
    if (std::isfinite(x) && !(x <= v)) v = x;
  }
  return v;
}

double slo_miss(const PointResult& p, const std::vector<const ScenarioSpec*>& scenarios,
                const std::vector<Slo>& slos) {
  double miss = 0;
  for (const Slo& slo : slos) {
    const double v = slo_value(p, scenarios, slo);
    if (!std::isfinite(v)) {
      miss += 1;  // not measured counts as missed
      continue;
    }
    const double scale = slo.bound != 0 ? std::fabs(slo.bound) : 1;
    miss += std::max(0.0, (slo.at_most ? v - slo.bound : slo.bound - v) / scale);
  }
  return miss;
}

std::string slo_text(const std::vector<Slo>& slos) {
  std::vector<std::string> parts;
  for (const Slo& s : slos)
    parts.push_back(fmt::format("`{}{}{:g}`", s.metric, s.at_most ? "<=" : ">=", s.bound));  // as typed
  return joined(parts, ", ");
}

std::vector<Scored> score(const std::vector<const PointResult*>& ok,
                          const std::vector<const ScenarioSpec*>& scenarios,
                          const ConclusionOptions& opt, int& top_c) {
  top_c = 0;
  for (const ScenarioSpec* sc : scenarios)
    top_c = std::max(top_c, sc->load == LoadShape::rate ? 0 : sc->concurrency);
  std::vector<const ScenarioSpec*> busiest;
  for (const ScenarioSpec* sc : scenarios) {
    if (sc->load != LoadShape::rate && sc->concurrency == top_c) busiest.push_back(sc);
  }
  if (busiest.empty()) busiest = scenarios;
  std::vector<Scored> out;
  for (const PointResult* p : ok) {
    Scored s;
    s.p = p;
    double sum = 0;
    int n = 0;
    for (const ScenarioSpec* sc : busiest) {
      const double v = point_stat(*p, sc->name, out_tput).mean;
      if (std::isfinite(v)) sum += v, ++n;
    }
    s.tput = n > 0 ? sum / n : kNaN;
    s.ttft = worst(*p, scenarios, ttft_p99);
    s.tpot = worst(*p, scenarios, tpot_p99);
    if (opt.goal == Goal::throughput) {
      s.key = s.shown = s.tput;
    } else if (opt.goal == Goal::latency) {
      s.shown = (relative(*p, ok, scenarios, ttft_p99, true) +
                 relative(*p, ok, scenarios, tpot_p99, true)) /
                2;
      s.key = s.shown;
    } else {
      s.shown = (relative(*p, ok, scenarios, out_tput, false) +
                 relative(*p, ok, scenarios, ttft_p99, true) +
                 relative(*p, ok, scenarios, tpot_p99, true)) /
                3;
      s.key = s.shown;
    }
    s.miss = slo_miss(*p, scenarios, opt.slos);
    if (std::isfinite(s.key)) out.push_back(s);
  }
  // Meeting the SLOs first (least missed), then the goal.
  std::stable_sort(out.begin(), out.end(), [](const Scored& a, const Scored& b) {
    if (a.miss != b.miss) return a.miss < b.miss;
    return a.key > b.key;
  });
  return out;
}

std::string shown(const Scored& s, const ConclusionOptions& opt) {
  return opt.goal == Goal::throughput ? autonum(s.shown) + " tok/s" : number(s.shown, 3);
}

}  // namespace

Finding recommendation(const SweepResult& sweep, const FindingMessages& m,
                       const ConclusionOptions& opt) {
  if (sweep.capacity) return capacity_recommendation(sweep, m, opt);  // sweeps decide by capacity
  const auto ok = ok_points(sweep);
  if (ok.empty()) return not_measured(RuleId::recommendation, m.need_ok_points, m);
  const auto scenarios = sweep_scenarios(sweep);
  int top_c = 0;
  const auto ranked = score(ok, scenarios, opt, top_c);
  if (ranked.empty()) return not_measured(RuleId::recommendation, m.need_ok_points, m);
  const char* goal = opt.goal == Goal::throughput ? m.goal_throughput
                     : opt.goal == Goal::latency  ? m.goal_latency
                                                  : m.goal_balanced;
  const Scored& best = ranked.front();
  Finding f{RuleId::recommendation, true, "", "", ""};
  std::string text;
  if (!opt.slos.empty()) {
    const auto passed =
        std::count_if(ranked.begin(), ranked.end(), [](const Scored& s) { return s.miss == 0; });
    text += passed > 0 ? m.rec_slo_pass.format(arg<"passed">(passed), arg<"total">(ranked.size()),
                                               arg<"slos">(slo_text(opt.slos))) +
                             " "
                       : m.rec_slo_none.format(arg<"total">(ranked.size()),
                                               arg<"slos">(slo_text(opt.slos))) +
                             " ";
  }
  const std::string figures =
      m.rec_figures.format(arg<"tput">(autonum(best.tput)), arg<"c">(top_c),
                           arg<"ttft">(autonum(best.ttft)), arg<"tpot">(autonum(best.tpot)));
  text += m.rec_text.format(arg<"goal">(goal), arg<"point">(best.p->name),
                            arg<"settings">(settings_text(*best.p)), arg<"figures">(figures));
  double margin = kNaN;
  if (ranked.size() > 1) {
    const Scored& second = ranked[1];
    margin = best.key > 0 ? (best.key - second.key) / best.key : kNaN;
    text += " " + m.rec_runner_up.format(arg<"point">(second.p->name),
                                         arg<"settings">(settings_text(*second.p)),
                                         arg<"margin">(percent(margin)));
  } else {
    text += " " + std::string(m.rec_alone);
  }
  f.text = text;
  std::vector<std::string> scores;
  for (const Scored& s : ranked) scores.push_back(fmt::format("{} {}", s.p->name, shown(s, opt)));
  f.evidence = m.rec_evidence.format(arg<"scores">(joined(scores, ", ")));
  const auto spread = run_spread(ok, opt.goal == Goal::throughput ? out_tput : ttft_p99);
  if (std::isfinite(margin)) {
    const bool beyond = analysis::classify(margin, spread) == analysis::Difference::real;
    f.confidence = spread ? m.rec_conf_margin.format(
                                arg<"margin">(percent(margin)), arg<"spread">(percent(*spread)),
                                arg<"verdict">(beyond ? m.conf_strong : m.conf_noise))
                          : m.rec_conf_no_repeats.format(arg<"margin">(percent(margin)));
  }
  return f;
}

}  // namespace sonde::report::findings
