// Rule "max_num_batched_tokens": the per-step token budget trades the TTFT of long prompts (a
// larger budget prefills them in fewer steps) against the ITL of streams decoding meanwhile
// (each step that carries a big prefill chunk is a long gap for them). Compared on points that
// differ only in the budget, with chunked prefill on (off, the budget must cover the whole
// prompt and the comparison would mix in chunking itself).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/finding_rules.hpp"
#include "report/format.hpp"
#include "report/server_side.hpp"
#include "report/summary_metrics.hpp"

namespace sonde::report::findings {
namespace {

constexpr const char* kFlag = "max-num-batched-tokens";

using metric::itl_p99;
using metric::out_tput;
using metric::ttft_mean;

bool chunked_on(const PointResult& p) {
  return !same_setting_value(point_setting(p, "enable-chunked-prefill"), "false");
}

double budget(const PointResult& p) {
  return std::strtod(point_setting(p, kFlag).c_str(), nullptr);
}

// Mean relative change low → high budget over the pairs and the scenarios `use` accepts.
template <class Use>
double mean_change(const std::vector<Pair>& pairs, const std::vector<const ScenarioSpec*>& scenarios,
                   SummaryMetric read, Use use, int& n) {
  double sum = 0;
  n = 0;
  for (const Pair& p : pairs) {
    for (const ScenarioSpec* sc : scenarios) {
      if (!use(*sc, budget(*p.low))) continue;
      const double c = rel_change(point_stat(*p.low, sc->name, read).mean,
                                  point_stat(*p.high, sc->name, read).mean);
      if (!std::isfinite(c)) continue;
      sum += c, ++n;
    }
  }
  return n > 0 ? sum / n : kNaN;
}

}  // namespace

Finding max_num_batched_tokens(const SweepResult& sweep, const FindingMessages& m) {
  const auto ok = ok_points(sweep);
  const auto flags = varied_flags(sweep, ok);
  std::vector<Pair> pairs;
  if (std::find(flags.begin(), flags.end(), kFlag) != flags.end()) {
    for (const Pair& p : matched_pairs(ok, flags, kFlag, true)) {
      if (chunked_on(*p.low) && chunked_on(*p.high) && budget(*p.low) > 0 && budget(*p.high) > 0)
        pairs.push_back(p);
    }
  }
  if (pairs.empty()) return not_measured(RuleId::max_num_batched_tokens, m.need_mnbt, m);
  const auto scenarios = sweep_scenarios(sweep);
  // Long prompts: longer than the smaller budget, so the budget changes how they are chunked.
  int n_long = 0, n_busy = 0, n_all = 0;
  const double ttft = mean_change(
      pairs, scenarios, ttft_mean,
      [](const ScenarioSpec& s, double lo) { return double(s.input_len) > lo; }, n_long);
  // Busy: other streams decode while prompts arrive, so their ITL feels the prefill steps.
  const double itl = mean_change(
      pairs, scenarios, itl_p99, [](const ScenarioSpec& s, double) { return s.concurrency > 1; },
      n_busy);
  const double tput = mean_change(
      pairs, scenarios, out_tput, [](const ScenarioSpec&, double) { return true; }, n_all);
  const auto ttft_spread = run_spread(ok, ttft_mean);
  const auto itl_spread = run_spread(ok, itl_p99);
  const bool ttft_better = significant(ttft, ttft_spread) && ttft < 0;
  const bool ttft_worse = significant(ttft, ttft_spread) && ttft > 0;
  const bool itl_worse = significant(itl, itl_spread) && itl > 0;
  const bool itl_better = significant(itl, itl_spread) && itl < 0;
  const auto& text = ttft_better && itl_worse                     ? m.mnbt_tradeoff
                     : ttft_better || (itl_better && !ttft_worse) ? m.mnbt_raise
                     : ttft_worse || itl_worse                    ? m.mnbt_lower
                                                                  : m.mnbt_none;
  double lo = budget(*pairs.front().low), hi = budget(*pairs.front().high);
  std::string pair_text;
  for (const Pair& p : pairs) {
    lo = std::min(lo, budget(*p.low)), hi = std::max(hi, budget(*p.high));
    pair_text += fmt::format("{}{} ↔ {}", pair_text.empty() ? "" : ", ", p.low->name, p.high->name);
  }
  Finding f{RuleId::max_num_batched_tokens, true, "", "", ""};
  f.text = text.format(arg<"lo">(integer(int64_t(lo))), arg<"hi">(integer(int64_t(hi))),
                       arg<"ttft">(signed_pct(ttft)), arg<"itl">(signed_pct(itl)),
                       arg<"tput">(signed_pct(tput)));
  f.evidence =
      m.mnbt_evidence.format(arg<"pairs">(pair_text), arg<"long">(n_long), arg<"busy">(n_busy));
  const double larger = std::max(std::isfinite(ttft) ? std::fabs(ttft) : 0.0,
                                 std::isfinite(itl) ? std::fabs(itl) : 0.0);
  f.confidence = effect_confidence(
      larger, std::fabs(ttft) >= std::fabs(itl) ? ttft_spread : itl_spread, max_runs(ok), m);
  return f;
}

}  // namespace sonde::report::findings
