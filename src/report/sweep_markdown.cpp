#include "report/sweep_markdown.hpp"
#include "report/summary_metrics.hpp"
#include "report/sweep_capacity_section.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>

namespace sonde {

namespace doc = report::doc;
using sweep_report::AxisMetric;
using sweep_report::scenarios_of;
using sweep_report::SweepFigures;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::string kChunked = "enable-chunked-prefill";

std::string fmt_num(double v, int precision) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, precision) : "—";
}

std::string settings_text(const PointResult& p) {
  std::string out;
  for (const auto& [k, v] : p.settings)
    out += fmt::format("{}{}={}", out.empty() ? "" : ", ", k, v);
  return out.empty() ? "—" : out;
}

using report::metric::e2el_s;
using report::metric::itl_p99;
using report::metric::out_tput;
using report::metric::tpot_mean;
using report::metric::ttft_mean;

doc::Section points_section(const SweepResult& sweep, const SweepMessages& m) {
  doc::Table table{doc::header_cells(m.points_header), {}, {}};
  for (const auto& p : sweep.points) {
    const StartupFacts facts = p.startup_facts.value_or(StartupFacts{});
    table.rows.push_back(
        {p.name, settings_text(p), point_status_name(p.status),
         facts.kv_cache_tokens ? fmt::format("{:L}", *facts.kv_cache_tokens) : "—",
         facts.max_concurrency ? fmt::format("{:.2f}x", *facts.max_concurrency) : "—", p.reason});
  }
  return {"points", m.points_heading, {std::move(table)}};
}

std::optional<doc::Section> failures_section(const SweepResult& sweep, const SweepMessages& m) {
  doc::Section section{"failures", m.failures_heading, {}};
  for (const auto& p : sweep.points) {
    if (!p.failure) continue;
    section.blocks.push_back(
        doc::Heading{3, fmt::format("{} — `{}`", p.name, point_status_name(p.status))});
    section.blocks.push_back(doc::Paragraph{settings_text(p)});
    section.blocks.push_back(doc::Code{p.failure->log_excerpt});
  }
  if (section.blocks.empty()) return std::nullopt;
  return section;
}

doc::Section results_section(const SweepResult& sweep, const SweepMessages& m) {
  doc::Section section{"results", m.results_heading, {}};
  for (const ScenarioResult* ref : scenarios_of(sweep)) {
    section.blocks.push_back(doc::Heading{
        3, fmt::format("{} ({} → {} tok, {} c={})", ref->spec.name, ref->spec.input_len,
                       ref->spec.output_len, to_string(ref->spec.load), ref->spec.concurrency)});
    doc::Table table{doc::header_cells(m.results_header), {}, {}};
    for (const auto& p : sweep.points) {
      for (std::size_t r = 0; r < p.runs.size(); ++r) {
        for (const auto& s : p.runs[r].scenarios) {
          if (s.spec.name != ref->spec.name) continue;
          const auto& x = s.summary;
          table.rows.push_back({p.name, settings_text(p), std::to_string(r + 1),
                                fmt_num(x.ttft_ms.mean, 1), fmt_num(x.ttft_ms.p99, 1),
                                fmt_num(x.tpot_ms.mean, 2), fmt_num(x.itl_ms.p99, 2),
                                fmt_num(x.e2el_ms.mean / 1000, 2), fmt_num(x.output_throughput, 1)});
        }
      }
    }
    section.blocks.push_back(std::move(table));
  }
  return section;
}

double percent_change(double from, double to) {
  return from != 0 && std::isfinite(from) && std::isfinite(to) ? 100 * (to - from) / from : kNaN;
}

// Section 4: chunked prefill ON/OFF, then the effect of every other axis (axis_sections).
doc::Section chunked_section(const SweepResult& sweep, const SweepMessages& m) {
  doc::Section section{"comparison", m.chunked_heading, {}};
  if (!sweep_report::has_repeats(sweep))
    section.blocks.push_back(doc::Paragraph{m.no_repeats_note});
  doc::Table table{doc::header_cells(m.chunked_header), {}, {}};
  bool any = false;
  const std::optional<double> e2e_spread = analysis::run_spread(sweep, e2el_s);
  for (const ScenarioResult* ref : scenarios_of(sweep)) {
    const std::string& sc = ref->spec.name;
    const GroupStat on = group_stat(sweep, kChunked, "true", sc, e2el_s);
    const GroupStat off = group_stat(sweep, kChunked, "false", sc, e2el_s);
    if (on.n == 0 || off.n == 0) continue;
    any = true;
    const GroupStat ton = group_stat(sweep, kChunked, "true", sc, ttft_mean);
    const GroupStat toff = group_stat(sweep, kChunked, "false", sc, ttft_mean);
    const GroupStat ion = group_stat(sweep, kChunked, "true", sc, itl_p99);
    const GroupStat ioff = group_stat(sweep, kChunked, "false", sc, itl_p99);
    // Speed-up of ON over OFF: (OFF − ON) ÷ OFF, the user's definition.
    const double speedup = off.mean != 0 ? 100 * (off.mean - on.mean) / off.mean : kNaN;
    table.rows.push_back(
        {sc, std::to_string(ref->spec.input_len), stat_text(on, 2), stat_text(off, 2),
         change_cell(speedup, analysis::classify(speedup / 100, e2e_spread), m.within_spread),
         stat_text(ton, 1) + " / " + stat_text(toff, 1),
         stat_text(ion, 2) + " / " + stat_text(ioff, 2)});
  }
  if (any) section.blocks.push_back(std::move(table));
  section.blocks.push_back(doc::Paragraph{any ? m.chunked_note : m.chunked_missing});
  return section;
}

void axis_table(const SweepResult& sweep, const std::string& flag,
                const std::vector<std::string>& values, const AxisMetric& metric,
                const SweepMessages& m, std::vector<doc::Block>& out) {
  out.push_back(doc::Heading{4, m.axis_metric_heading.format(arg<"metric">(metric.label))});
  doc::Table table{doc::header_cells(m.axis_header_first), {}, {}};
  for (const auto& v : values) table.header.push_back(flag + "=" + v);
  for (std::size_t i = 1; i < values.size(); ++i) {
    table.header.push_back(m.axis_delta.format(arg<"value">(values[i]), arg<"first">(values[0])));
  }
  const std::optional<double> spread = analysis::run_spread(sweep, metric.value);
  for (const ScenarioResult* ref : scenarios_of(sweep)) {
    std::vector<GroupStat> stats;
    int measured = 0;
    for (const auto& v : values) {
      stats.push_back(group_stat(sweep, flag, v, ref->spec.name, metric.value));
      measured += stats.back().n > 0;
    }
    if (measured == 0) continue;
    std::vector<doc::Cell> row{ref->spec.name, std::to_string(ref->spec.input_len)};
    for (const auto& g : stats) row.emplace_back(stat_text(g, metric.precision));
    for (std::size_t i = 1; i < stats.size(); ++i) {
      const double change = percent_change(stats[0].mean, stats[i].mean);
      row.push_back(change_cell(change, analysis::classify(change / 100, spread), m.within_spread));
    }
    table.rows.push_back(std::move(row));
  }
  out.push_back(std::move(table));
}

// After each axis's tables and note, its charts when `figures` has them.
void axis_sections(const SweepResult& sweep, const SweepMessages& m, const SweepFigures* figures,
                   std::vector<doc::Block>& out) {
  for (const auto& [flag, values] : sweep.axes) {
    if (flag == kChunked || values.size() < 2) continue;
    out.push_back(doc::Heading{3, m.axis_heading.format(arg<"flag">(flag))});
    for (const AxisMetric& metric : sweep_report::axis_metrics(flag, m)) {
      axis_table(sweep, flag, values, metric, m, out);
    }
    out.push_back(doc::Paragraph{m.spread_note});
    if (figures) {
      const auto it = figures->axes.find(flag);
      if (it != figures->axes.end()) out.push_back(it->second);
    }
  }
}

void conclusions_section(const SweepResult& sweep, Lang lang,
                         const report::ConclusionOptions& options, const SweepMessages& m,
                         doc::Document& d) {
  doc::Section section{"conclusions", m.conclusions_heading, {}};
  const std::vector<report::Finding> findings = report::sweep_findings(sweep, lang, options);
  if (findings.empty()) {
    section.blocks.push_back(doc::Paragraph{m.concl_none});
  } else {
    section.blocks = report::findings_blocks(findings, lang);
    // The sweep's report.md has always ended with one more blank line after the findings.
    d.markdown_end = "\n";
  }
  d.sections.push_back(std::move(section));
}

}  // namespace

namespace sweep_report {

std::vector<const ScenarioResult*> scenarios_of(const SweepResult& sweep) {
  std::vector<const ScenarioResult*> out;
  std::set<std::string> seen;
  for (const auto& p : sweep.points) {
    for (const auto& r : p.runs) {
      for (const auto& s : r.scenarios) {
        if (seen.insert(s.spec.name).second) out.push_back(&s);
      }
    }
  }
  return out;
}

AxisMetric e2e_metric(const SweepMessages& m) { return {m.metric_e2e_mean, "s", e2el_s, 2, false}; }
AxisMetric ttft_metric(const SweepMessages& m) {
  return {m.metric_ttft_mean, "ms", ttft_mean, 1, false};
}
AxisMetric throughput_metric(const SweepMessages& m) {
  return {m.metric_output_tput, "tok/s", out_tput, 1, true};
}

std::vector<AxisMetric> axis_metrics(const std::string& flag, const SweepMessages& m) {
  const AxisMetric tpot{m.metric_tpot_mean, "ms", tpot_mean, 2, false};
  if (flag == "max-num-batched-tokens") return {ttft_metric(m), tpot, throughput_metric(m)};
  if (flag == "tensor-parallel-size") return {throughput_metric(m), e2e_metric(m)};
  return {ttft_metric(m), tpot, e2e_metric(m), throughput_metric(m)};
}

bool has_repeats(const SweepResult& sweep) {
  for (const auto& p : sweep.points) {
    if (p.status == PointStatus::ok && p.runs.size() > 1) return true;
  }
  return false;
}

}  // namespace sweep_report

std::string stat_text(const GroupStat& g, int precision) {
  if (g.n == 0) return "—";
  if (std::isnan(g.spread)) return fmt_num(g.mean, precision);
  return fmt::format("{} ± {}", fmt_num(g.mean, precision), fmt_num(g.spread, precision));
}

report::doc::Cell change_cell(double percent, Difference d, const char* within) {
  if (!std::isfinite(percent)) return {"—"};
  const std::string v = fmt::format("{:+.1f}%", percent);
  switch (d) {
    case Difference::real:
      return {v, true, ""};
    case Difference::within_spread:
      return {v, false, within};
    case Difference::unknown:
      break;
  }
  return {v};
}

std::string change_text(double percent, Difference d, const char* within) {
  return report::doc::markup(change_cell(percent, d, within));
}

namespace sweep_report {

doc::Document sweep_document(const SweepResult& sweep, Lang lang,
                             const report::ConclusionOptions& options, const SweepFigures* figures) {
  using Style = doc::Paragraph::Style;
  const SweepMessages& m = sweep_messages(lang);
  doc::Document d;
  d.lang = to_string(lang);
  d.title = std::string(m.title) + " · " + sweep.sweep_file;
  d.generator = sweep.tool_version;
  d.contents = m.html_contents;
  d.header.push_back(doc::Heading{1, m.title});
  if (!sweep.predicted_from.empty()) {
    d.header.push_back(
        doc::Paragraph{m.predicted.format(arg<"file">(sweep.predicted_from)), Style::banner});
  }
  for (const auto& p : sweep.points) {
    if (!p.runs.empty() && p.runs.front().simulated) {
      d.header.push_back(doc::Paragraph{m.simulated.format(arg<"speed">(p.runs.front().sim_speed)),
                                        Style::banner});
      break;
    }
  }
  d.header.push_back(doc::Paragraph{
      m.meta.format(arg<"file">(sweep.sweep_file), arg<"started">(sweep.started_at),
                    arg<"finished">(sweep.finished_at.empty() ? "—" : sweep.finished_at),
                    arg<"points">(sweep.points.size())),
      Style::meta});
  if (!sweep.complete && !sweep.finished_at.empty()) {
    d.header.push_back(doc::Note{m.incomplete.format(arg<"reason">(sweep.incomplete_reason))});
  }
  d.sections.push_back(points_section(sweep, m));
  if (auto f = failures_section(sweep, m)) d.sections.push_back(std::move(*f));
  if (auto c = report::capacity_ranking_section(sweep, lang, options))
    d.sections.push_back(std::move(*c));
  // A sweep that measured capacity alone (no suite) has no scenario to tabulate or compare.
  if (!scenarios_of(sweep).empty() || !sweep.capacity) {
    d.sections.push_back(results_section(sweep, m));
    doc::Section comparison = chunked_section(sweep, m);
    if (figures) comparison.blocks.push_back(figures->chunked);
    axis_sections(sweep, m, figures, comparison.blocks);
    if (figures) comparison.blocks.push_back(figures->heatmaps);
    d.sections.push_back(std::move(comparison));
  }
  conclusions_section(sweep, lang, options, m, d);
  return d;
}

}  // namespace sweep_report

void write_sweep_markdown(const SweepResult& sweep, Lang lang, std::ostream& out,
                          const report::ConclusionOptions& options) {
  report::doc::write_markdown(sweep_report::sweep_document(sweep, lang, options, nullptr), out);
}

}  // namespace sonde
