// Rule "largest_effect": for each headline metric, the swept setting whose change moved it
// most, measured on pairs of points that differ only in that setting (as far as the sweep
// allows), and set against the run-to-run spread.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/finding_rules.hpp"
#include "report/format.hpp"
#include "report/server_side.hpp"

namespace sonde::report::findings {
namespace {

struct FlagEffect {
  std::string flag;
  double effect = 0;  // mean of |high - low| / min(low, high) over comparisons
  int n = 0;          // comparisons (pair × scenario)
  int high_wins = 0;  // comparisons where the higher value was better
  // The single largest comparison, quoted as the example.
  double biggest = -1;
  std::string scenario;
  const PointResult* low = nullptr;
  const PointResult* high = nullptr;
  double low_value = kNaN, high_value = kNaN;
  std::vector<Pair> pairs;
};

FlagEffect effect_of(const std::vector<const PointResult*>& ok,
                     const std::vector<std::string>& flags, const std::string& flag,
                     const std::vector<const ScenarioSpec*>& scenarios, const Metric& metric) {
  FlagEffect e;
  e.flag = flag;
  e.pairs = matched_pairs(ok, flags, flag, false);
  double sum = 0;
  for (const Pair& p : e.pairs) {
    for (const ScenarioSpec* sc : scenarios) {
      const double a = point_stat(*p.low, sc->name, metric.read).mean;
      const double b = point_stat(*p.high, sc->name, metric.read).mean;
      if (!(a > 0) || !(b > 0)) continue;
      const double rel = std::fabs(b - a) / std::min(a, b);
      sum += rel;
      ++e.n;
      if (metric.lower_better ? b < a : b > a) ++e.high_wins;
      if (rel > e.biggest) {
        e.biggest = rel, e.scenario = sc->name, e.low = p.low, e.high = p.high;
        e.low_value = a, e.high_value = b;
      }
    }
  }
  if (e.n > 0) e.effect = sum / e.n;
  return e;
}

std::string pair_list(const std::vector<Pair>& pairs) {
  std::string out;
  for (const Pair& p : pairs) out += (out.empty() ? "" : ", ") + p.low->name + "↔" + p.high->name;
  return out;
}

std::string point_label(const PointResult& p, const std::string& flag) {
  return fmt::format("{} (`{}={}`)", p.name, flag, point_setting(p, flag));
}

Finding for_metric(const Metric& metric, const std::vector<FlagEffect>& effects,
                   const std::optional<double>& spread, int runs, const FindingMessages& m) {
  const FlagEffect& top = effects.front();
  Finding f{RuleId::largest_effect, true, "", "", effect_confidence(top.effect, spread, runs, m)};
  f.evidence = m.effect_evidence.format(arg<"pairs">(pair_list(top.pairs)));
  if (!significant(top.effect, spread)) {
    f.text = m.effect_none.format(arg<"metric">(metric.label), arg<"effect">(percent(top.effect)),
                                  arg<"flag">(top.flag));
    return f;
  }
  f.text = m.effect_text.format(
      arg<"metric">(metric.label), arg<"flag">(top.flag), arg<"effect">(percent(top.effect)),
      arg<"n">(top.n), arg<"scenario">(top.scenario), arg<"low">(point_label(*top.low, top.flag)),
      arg<"high">(point_label(*top.high, top.flag)),
      arg<"low_value">(with_unit(top.low_value, metric.unit)),
      arg<"high_value">(with_unit(top.high_value, metric.unit)));
  // Which way is better: a clear majority (3 in 4) of comparisons, else "it depends".
  std::vector<std::string> values;
  for (const Pair& p : top.pairs) {
    for (const PointResult* q : {p.low, p.high}) {
      const std::string v = point_setting(*q, top.flag);
      if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(v);
    }
  }
  std::sort(values.begin(), values.end(), value_less);
  const int wins = top.high_wins, n = top.n;
  const bool high = wins * 4 >= n * 3, low = (n - wins) * 4 >= n * 3;
  const std::string value = values.empty() ? "" : (low ? values.front() : values.back());
  // Only the mixed and two-valued wordings name the winning value.
  const auto sentence = [&](const auto& text, const auto&... value_arg) {
    return text.format(arg<"flag">(top.flag), value_arg..., arg<"wins">(low ? n - wins : wins),
                       arg<"n">(n));
  };
  f.text += " " + (!high && !low        ? sentence(m.effect_mixed, arg<"value">(value))
                   : values.size() == 2 ? sentence(m.effect_better, arg<"value">(value))
                   : high               ? sentence(m.effect_higher_better)
                                        : sentence(m.effect_lower_better));
  if (effects.size() > 1 && effects[1].n > 0) {
    f.text += " " + m.effect_next.format(arg<"flag">(effects[1].flag),
                                         arg<"effect">(percent(effects[1].effect)));
  }
  return f;
}

}  // namespace

std::vector<Finding> largest_effects(const SweepResult& sweep, const FindingMessages& m) {
  const auto ok = ok_points(sweep);
  const auto flags = varied_flags(sweep, ok);
  if (flags.empty()) return {not_measured(RuleId::largest_effect, m.need_sweep, m)};
  const auto scenarios = sweep_scenarios(sweep);
  std::vector<Finding> out;
  for (const Metric& metric : headline_metrics()) {
    std::vector<FlagEffect> effects;
    for (const std::string& flag : flags) {
      FlagEffect e = effect_of(ok, flags, flag, scenarios, metric);
      if (e.n > 0) effects.push_back(std::move(e));
    }
    if (effects.empty()) continue;
    std::stable_sort(effects.begin(), effects.end(),
                     [](const FlagEffect& a, const FlagEffect& b) { return a.effect > b.effect; });
    out.push_back(for_metric(metric, effects, run_spread(ok, metric.read), max_runs(ok), m));
  }
  if (out.empty()) return {not_measured(RuleId::largest_effect, m.need_sweep, m)};
  return out;
}

}  // namespace sonde::report::findings
