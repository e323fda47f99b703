// Section 5 of the report: only statements that follow from the measured summaries, each with
// the numbers it rests on. Judgements the data cannot support are listed as pending.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "report/findings.hpp"
#include "report/format.hpp"
#include "report/markdown.hpp"
#include "report/sections.hpp"
#include "stats/fit.hpp"

namespace sonde::report {

std::string error_kinds(const std::map<std::string, int>& errors) {
  std::string out;
  for (const auto& [kind, n] : errors) {
    if (!out.empty()) out += ", ";
    out += kind + ": " + std::to_string(n);
  }
  return out;
}

namespace {

std::vector<const ScenarioResult*> input_length_rows(const RunResult& run) {
  std::vector<const ScenarioResult*> rows;
  for (const auto& sc : run.scenarios) {
    if (is_input_length_scenario(sc.spec) && sc.summary.ttft_ms.count > 0) rows.push_back(&sc);
  }
  return rows;
}

// TTFT against the measured input length: the prefill cost per 1k tokens.
void ttft_growth(const RunResult& run, const Messages& m, std::vector<std::string>& facts) {
  const auto rows = input_length_rows(run);
  if (rows.empty()) return;
  std::vector<double> xs, ys;
  for (const ScenarioResult* sc : rows) {
    xs.push_back(sc->summary.input_tokens.mean);
    ys.push_back(sc->summary.ttft_ms.mean);
  }
  const auto fit = least_squares(xs, ys);
  if (!fit) {
    facts.push_back(m.concl_ttft_missing);
    return;
  }
  const auto lo = std::min_element(xs.begin(), xs.end()) - xs.begin();
  const auto hi = std::max_element(xs.begin(), xs.end()) - xs.begin();
  facts.push_back(
      m.concl_ttft.format(arg<"from_len">(number(xs[lo], 0)), arg<"to_len">(number(xs[hi], 0)),
                          arg<"from_ttft">(autonum(ys[lo])), arg<"to_ttft">(autonum(ys[hi])),
                          arg<"slope">(autonum(fit->slope * 1000.0)), arg<"r2">(number(fit->r2, 3)),
                          arg<"n">(fit->points)));
}

void decode_range(const RunResult& run, const Messages& m, std::vector<std::string>& facts) {
  std::vector<double> speeds, tpots;
  for (const ScenarioResult* sc : input_length_rows(run)) {
    if (sc->summary.decode_tokens_per_s.count > 0)
      speeds.push_back(sc->summary.decode_tokens_per_s.mean);
    if (sc->summary.tpot_ms.count > 0) tpots.push_back(sc->summary.tpot_ms.mean);
  }
  if (speeds.empty() || tpots.empty()) return;
  const auto [smin, smax] = std::minmax_element(speeds.begin(), speeds.end());
  const auto [tmin, tmax] = std::minmax_element(tpots.begin(), tpots.end());
  facts.push_back(m.concl_decode.format(arg<"min">(autonum(*smin)), arg<"max">(autonum(*smax)),
                                        arg<"tpot_min">(autonum(*tmin)),
                                        arg<"tpot_max">(autonum(*tmax))));
}

std::string ratio(double to, double from) {
  return from > 0 && std::isfinite(to) ? number(to / from, 2) : std::string(kMissing);
}

// Lowest vs highest concurrency among burst/closed scenarios (rate mode has no fixed level) of
// one request shape: synthetic prompts of the same input and output lengths, the group with the
// most levels. A dataset's, trace's or conversation's requests, or other lengths, would make the
// comparison one of traffic rather than of concurrency.
void concurrency_effect(const RunResult& run, const Messages& m, std::vector<std::string>& facts) {
  std::map<std::pair<int64_t, int64_t>, std::vector<const ScenarioResult*>> shapes;
  for (const auto& sc : run.scenarios) {
    if (is_input_length_scenario(sc.spec) || sc.spec.load == LoadShape::rate) continue;
    if (!std::holds_alternative<SyntheticSource>(sc.spec.source)) continue;
    if (sc.summary.completed == 0) continue;
    shapes[{sc.spec.input_len, sc.spec.output_len}].push_back(&sc);
  }
  const auto levels = [](const std::vector<const ScenarioResult*>& g) {
    std::set<int> c;
    for (const auto* sc : g) c.insert(sc->spec.concurrency);
    return c.size();
  };
  const std::vector<const ScenarioResult*>* group = nullptr;
  for (const auto& [shape, g] : shapes) {
    if (!group || levels(g) > levels(*group)) group = &g;
  }
  const ScenarioResult* low = nullptr;
  const ScenarioResult* high = nullptr;
  for (const ScenarioResult* sc : group ? *group : std::vector<const ScenarioResult*>{}) {
    if (!low || sc->spec.concurrency < low->spec.concurrency) low = sc;
    if (!high || sc->spec.concurrency > high->spec.concurrency) high = sc;
  }
  if (!low) return;
  if (low->spec.concurrency == high->spec.concurrency) {
    facts.push_back(m.concl_conc_missing);
    return;
  }
  const ScenarioSummary& a = low->summary;
  const ScenarioSummary& b = high->summary;
  facts.push_back(m.concl_conc.format(
      arg<"c_from">(low->spec.concurrency), arg<"c_to">(high->spec.concurrency),
      arg<"tput_from">(autonum(a.output_throughput)), arg<"tput_to">(autonum(b.output_throughput)),
      arg<"tput_x">(ratio(b.output_throughput, a.output_throughput)),
      arg<"lat_from">(seconds_from_ms(a.e2el_ms.mean)), arg<"lat_to">(seconds_from_ms(b.e2el_ms.mean)),
      arg<"lat_x">(ratio(b.e2el_ms.mean, a.e2el_ms.mean)),
      arg<"dec_from">(autonum(a.decode_tokens_per_s.mean)),
      arg<"dec_to">(autonum(b.decode_tokens_per_s.mean))));
}

void failures(const RunResult& run, const Messages& m, std::vector<std::string>& facts) {
  int total = 0, failed = 0, mismatched = 0;
  std::string fail_details, mismatch_details;
  for (const auto& sc : run.scenarios) {
    const ScenarioSummary& s = sc.summary;
    total += s.completed + s.failed;
    failed += s.failed;
    mismatched += s.output_len_mismatches;
    if (s.failed > 0) {
      if (!fail_details.empty()) fail_details += "; ";
      fail_details += "`" + sc.spec.name + "` " + error_kinds(s.errors);
    }
    if (s.output_len_mismatches > 0) {
      if (!mismatch_details.empty()) mismatch_details += "; ";
      mismatch_details += "`" + sc.spec.name + "` " + std::to_string(s.output_len_mismatches);
    }
  }
  if (total == 0) return;
  if (failed == 0) {
    facts.push_back(m.concl_no_failures.format(arg<"total">(total)));
  } else {
    facts.push_back(m.concl_failures.format(arg<"failed">(failed), arg<"total">(total),
                                            arg<"details">(fail_details)));
  }
  if (mismatched > 0) {
    facts.push_back(m.concl_mismatch.format(arg<"n">(mismatched), arg<"details">(mismatch_details)));
  }
}

void calibration(const RunResult& run, const Messages& m, std::vector<std::string>& facts) {
  double worst = -1;
  std::set<std::string> methods;
  for (const auto& sc : run.scenarios) {
    if (sc.calibration.method == "none" || sc.calibration.method.empty()) continue;
    methods.insert(sc.calibration.method);
    if (std::isfinite(sc.calibration.max_error_pct))
      worst = std::max(worst, sc.calibration.max_error_pct);
  }
  if (methods.empty() || worst < 0) return;
  std::string list;
  for (const auto& name : methods) list += (list.empty() ? "" : ", ") + ("`" + name + "`");
  facts.push_back(m.concl_calibration.format(arg<"max_err">(number(worst, 2)), arg<"methods">(list)));
}

}  // namespace

doc::Section conclusions_section(const RunResult& run, const Messages& m, Lang lang,
                                 const ConclusionOptions& conclusions) {
  std::vector<std::string> facts;
  if (run.simulated) facts.push_back(m.concl_sim);
  ttft_growth(run, m, facts);
  decode_range(run, m, facts);
  concurrency_effect(run, m, facts);
  failures(run, m, facts);
  calibration(run, m, facts);
  server_side_facts(run, m, facts);
  doc::Section section{"conclusions", m.concl_heading, {}};
  doc::List list;
  for (auto& f : facts) list.items.push_back({std::move(f), {}});
  section.blocks.push_back(std::move(list));
  // The template's six items, each measured or saying what to run.
  for (doc::Block& b : findings_blocks(run_findings(run, lang, conclusions), lang)) {
    section.blocks.push_back(std::move(b));
  }
  return section;
}

}  // namespace sonde::report
