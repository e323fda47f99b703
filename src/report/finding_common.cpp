// What the conclusion rules share: metrics, resolved point settings, matched pairs, spread.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "report/finding_rules.hpp"
#include "report/format.hpp"
#include "report/server_side.hpp"
#include "report/summary_metrics.hpp"

namespace sonde::report::findings {
namespace {

using metric::e2e_p99;
using metric::itl_p99;
using metric::out_tput;
using metric::tpot_p50;
using metric::tpot_p99;
using metric::ttft_p50;
using metric::ttft_p99;
double error_rate(const ScenarioSummary& s) {
  const int total = s.completed + s.failed;
  return total > 0 ? double(s.failed) / total : kNaN;
}

const std::vector<Metric>& all_metrics() {
  static const std::vector<Metric> all{
      {"ttft_p50_ms", "TTFT p50", "ms", ttft_p50, true},
      {"ttft_p99_ms", "TTFT p99", "ms", ttft_p99, true},
      {"tpot_p50_ms", "TPOT p50", "ms", tpot_p50, true},
      {"output_tok_s", "output tok/s", "tok/s", out_tput, false},
      {"tpot_p99_ms", "TPOT p99", "ms", tpot_p99, true},
      {"itl_p99_ms", "ITL p99", "ms", itl_p99, true},
      {"e2e_p99_ms", "E2E p99", "ms", e2e_p99, true},
      {"error_rate", "error rate", "", error_rate, true},
  };
  return all;
}

std::optional<double> as_number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0') return std::nullopt;
  return v;
}

// Pairs whose other flags differ in exactly `diffs` places.
int other_diffs(const PointResult& a, const PointResult& b, const std::vector<std::string>& flags,
                const std::string& flag) {
  int n = 0;
  for (const std::string& f : flags) {
    if (f != flag && !same_setting_value(point_setting(a, f), point_setting(b, f))) ++n;
  }
  return n;
}

}  // namespace

const std::vector<Metric>& headline_metrics() {
  static const std::vector<Metric> head(all_metrics().begin(), all_metrics().begin() + 4);
  return head;
}

const Metric* find_metric(const std::string& id) {
  for (const Metric& m : all_metrics()) {
    if (id == m.id) return &m;
  }
  return nullptr;
}

std::string metric_ids() {
  std::string out;
  for (const Metric& m : all_metrics()) out += (out.empty() ? "" : ", ") + std::string(m.id);
  return out;
}

std::string settings_text(const PointResult& p) {
  std::string out;
  for (const auto& [k, v] : p.settings)
    out += fmt::format("{}{}={}", out.empty() ? "" : ", ", k, v);
  return out.empty() ? std::string(kMissing) : out;
}

std::vector<const PointResult*> ok_points(const SweepResult& sweep) {
  std::vector<const PointResult*> ok;
  for (const PointResult& p : sweep.points) {
    if (p.status == PointStatus::ok && !p.runs.empty()) ok.push_back(&p);
  }
  return ok;
}

std::vector<std::string> varied_flags(const SweepResult& sweep,
                                      const std::vector<const PointResult*>& ok) {
  std::vector<std::string> candidates;
  for (const auto& [flag, values] : sweep.axes) candidates.push_back(flag);
  for (const PointResult* p : ok) {
    for (const auto& [flag, value] : p->settings) {
      if (std::find(candidates.begin(), candidates.end(), flag) == candidates.end()) {
        candidates.push_back(flag);
      }
    }
  }
  std::vector<std::string> varied;
  for (const std::string& flag : candidates) {
    std::vector<std::string> seen;
    for (const PointResult* p : ok) {
      const std::string v = point_setting(*p, flag);
      if (std::none_of(seen.begin(), seen.end(),
                       [&](const std::string& s) { return same_setting_value(s, v); })) {
        seen.push_back(v);
      }
    }
    if (seen.size() >= 2) varied.push_back(flag);
  }
  return varied;
}

std::vector<const ScenarioSpec*> sweep_scenarios(const SweepResult& sweep) {
  std::vector<const ScenarioSpec*> out;
  std::set<std::string> seen;
  for (const PointResult& p : sweep.points) {
    for (const RunResult& r : p.runs) {
      for (const ScenarioResult& s : r.scenarios) {
        if (seen.insert(s.spec.name).second) out.push_back(&s.spec);
      }
    }
  }
  return out;
}

bool value_less(const std::string& a, const std::string& b) {
  const auto na = as_number(a), nb = as_number(b);
  if (na && nb) return *na < *nb;
  return a < b;  // "false" < "true", and any other text in a stable order
}

std::vector<Pair> matched_pairs(const std::vector<const PointResult*>& ok,
                                const std::vector<std::string>& flags, const std::string& flag,
                                bool exact_only) {
  struct Candidate {
    std::size_t i, j;
    int diffs;
  };
  std::vector<Candidate> all;
  for (std::size_t i = 0; i < ok.size(); ++i) {
    for (std::size_t j = i + 1; j < ok.size(); ++j) {
      const std::string a = point_setting(*ok[i], flag), b = point_setting(*ok[j], flag);
      if (same_setting_value(a, b)) continue;
      all.push_back({i, j, other_diffs(*ok[i], *ok[j], flags, flag)});
    }
  }
  const bool any_exact =
      std::any_of(all.begin(), all.end(), [](const Candidate& c) { return c.diffs == 0; });
  if (exact_only && !any_exact) return {};
  // Each point's closest partners; a pair is kept when it is closest for either side.
  std::vector<int> best(ok.size(), 1 << 20);
  for (const Candidate& c : all) {
    best[c.i] = std::min(best[c.i], c.diffs);
    best[c.j] = std::min(best[c.j], c.diffs);
  }
  std::vector<Pair> pairs;
  for (const Candidate& c : all) {
    const bool keep = any_exact ? c.diffs == 0 : (c.diffs == best[c.i] || c.diffs == best[c.j]);
    if (!keep) continue;
    const PointResult* a = ok[c.i];
    const PointResult* b = ok[c.j];
    if (value_less(point_setting(*b, flag), point_setting(*a, flag))) std::swap(a, b);
    pairs.push_back({a, b});
  }
  return pairs;
}

int max_runs(const std::vector<const PointResult*>& ok) {
  std::size_t n = 0;
  for (const PointResult* p : ok) n = std::max(n, p->runs.size());
  return static_cast<int>(n);
}

std::string effect_confidence(double effect, const std::optional<double>& spread, int runs,
                              const FindingMessages& m) {
  if (!spread) {
    return m.conf_no_repeats.format(arg<"floor">(percent(kNoiseFloor)));
  }
  const analysis::Strength s = analysis::strength(effect, spread);
  const char* verdict = s == analysis::Strength::strong ? m.conf_strong
                        : s == analysis::Strength::weak ? m.conf_weak
                                                        : m.conf_noise;
  return m.conf_spread.format(arg<"effect">(percent(std::fabs(effect))),
                              arg<"spread">(percent(*spread)), arg<"runs">(runs),
                              arg<"verdict">(verdict));
}

Finding not_measured(RuleId rule, const std::string& what, const FindingMessages& m) {
  return Finding{rule, false, m.not_measured.format(arg<"what">(what)), "", ""};
}

std::string joined(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

double rel_change(double from, double to) {
  if (!std::isfinite(from) || !std::isfinite(to) || from == 0) return kNaN;
  return (to - from) / from;
}

std::string signed_pct(double fraction) {
  if (!std::isfinite(fraction)) return kMissing;
  const std::string body = number(std::fabs(fraction) * 100, 1) + "%";
  return (fraction < 0 ? "−" : "+") + body;
}

std::string with_unit(double v, const char* unit) {
  if (!std::isfinite(v)) return kMissing;
  if (std::string(unit).empty()) return percent(v);
  return autonum(v) + " " + unit;
}

}  // namespace sonde::report::findings
