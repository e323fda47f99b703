// Rule "chunked_prefill": per scenario (input length), what turning chunked prefill on did to
// TTFT, ITL p99 and output throughput, on points matched in their other settings. A change is
// named only when it is larger than the run-to-run spread (or the noise floor without repeats).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/finding_rules.hpp"
#include "report/format.hpp"
#include "report/sections.hpp"
#include "report/server_side.hpp"
#include "report/summary_metrics.hpp"

namespace sonde::report::findings {
namespace {

constexpr const char* kFlag = "enable-chunked-prefill";

using metric::itl_p99;
using metric::out_tput;
using metric::ttft_mean;

struct Compared {
  const char* label;
  const char* unit;
  SummaryMetric read;
  bool lower_better;
};

const Compared kCompared[] = {
    {"TTFT mean", "ms", ttft_mean, true},
    {"ITL p99", "ms", itl_p99, true},
    {"output tok/s", "tok/s", out_tput, false},
};

// OFF and ON means of one scenario over the matched pairs (low = OFF, high = ON).
std::pair<double, double> off_on(const std::vector<Pair>& pairs, const std::string& scenario,
                                 SummaryMetric read) {
  double off = 0, on = 0;
  int n = 0;
  for (const Pair& p : pairs) {
    const double a = point_stat(*p.low, scenario, read).mean;
    const double b = point_stat(*p.high, scenario, read).mean;
    if (!std::isfinite(a) || !std::isfinite(b)) continue;
    off += a, on += b, ++n;
  }
  if (n == 0) return {kNaN, kNaN};
  return {off / n, on / n};
}

std::string pair_list(const std::vector<Pair>& pairs) {
  std::string out;
  for (const Pair& p : pairs)
    out += fmt::format("{}{} (OFF) ↔ {} (ON)", out.empty() ? "" : ", ", p.low->name, p.high->name);
  return out;
}

}  // namespace

Finding chunked_prefill(const SweepResult& sweep, const FindingMessages& m) {
  const auto ok = ok_points(sweep);
  const auto flags = varied_flags(sweep, ok);
  if (std::find(flags.begin(), flags.end(), kFlag) == flags.end())
    return not_measured(RuleId::chunked_prefill, m.need_chunked, m);
  const auto pairs = matched_pairs(ok, flags, kFlag, false);
  if (pairs.empty()) return not_measured(RuleId::chunked_prefill, m.need_chunked, m);
  std::vector<std::string> helped, hurt, neutral;
  double biggest = 0;
  std::optional<double> biggest_spread;
  for (const ScenarioSpec* sc : sweep_scenarios(sweep)) {
    bool named = false, any = false;
    for (const Compared& c : kCompared) {
      const auto [off, on] = off_on(pairs, sc->name, c.read);
      const double change = rel_change(off, on);
      if (!std::isfinite(change)) continue;
      any = true;
      const auto spread = run_spread(ok, c.read);
      if (!significant(change, spread)) continue;
      named = true;
      const bool better = c.lower_better ? change < 0 : change > 0;
      (better ? helped : hurt)
          .push_back(m.chunk_item.format(arg<"name">(sc->name), arg<"len">(integer(sc->input_len)),
                                         arg<"metric">(c.label), arg<"change">(signed_pct(change)),
                                         arg<"off">(with_unit(off, c.unit)),
                                         arg<"on">(with_unit(on, c.unit))));
      if (std::fabs(change) > biggest) biggest = std::fabs(change), biggest_spread = spread;
    }
    if (any && !named) neutral.push_back("`" + sc->name + "`");
  }
  Finding f{RuleId::chunked_prefill, true, "",
            m.chunk_evidence.format(arg<"pairs">(pair_list(pairs))),
            effect_confidence(biggest, biggest_spread, max_runs(ok), m)};
  std::string text;
  if (!helped.empty()) text += " " + m.chunk_helped.format(arg<"list">(joined(helped, "; ")));
  if (!hurt.empty()) text += " " + m.chunk_hurt.format(arg<"list">(joined(hurt, "; ")));
  if (helped.empty() && hurt.empty()) text += " " + std::string(m.chunk_nothing);
  if (!neutral.empty()) text += " " + m.chunk_neutral.format(arg<"list">(joined(neutral, ", ")));
  f.text = text.substr(1);
  return f;
}

}  // namespace sonde::report::findings
