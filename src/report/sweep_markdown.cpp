#include "report/sweep_markdown.hpp"
#include "report/summary_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace sonde {

using sweep_report::AxisMetric;
using sweep_report::scenarios_of;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::string kChunked = "enable-chunked-prefill";

std::string fmt_num(double v, int precision) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, precision) : "—";
}

std::string settings_text(const PointResult& p) {
  std::string out;
  for (const auto& [k, v] : p.settings) out += fmt::format("{}{}={}", out.empty() ? "" : ", ", k, v);
  return out.empty() ? "—" : out;
}

using report::metric::e2el_s;
using report::metric::ttft_mean;
using report::metric::itl_p99;
using report::metric::tpot_mean;
using report::metric::out_tput;

void points_section(const SweepResult& sweep, const SweepMessages& m, std::ostream& out) {
  out << "## " << m.points_heading << "\n\n" << m.points_header << "\n";
  for (const auto& p : sweep.points) {
    const StartupFacts facts = p.startup_facts.value_or(StartupFacts{});
    out << fmt::format("| {} | {} | {} | {} | {} | {} |\n", p.name, settings_text(p), point_status_name(p.status),
                       facts.kv_cache_tokens ? fmt::format("{:L}", *facts.kv_cache_tokens) : "—",
                       facts.max_concurrency ? fmt::format("{:.2f}x", *facts.max_concurrency) : "—",
                       p.reason.empty() ? "" : p.reason);
  }
  out << "\n";
}

void failures_section(const SweepResult& sweep, const SweepMessages& m, std::ostream& out) {
  bool any = false;
  for (const auto& p : sweep.points) {
    if (!p.failure) continue;
    if (!any) out << "## " << m.failures_heading << "\n\n";
    any = true;
    out << fmt::format("### {} — `{}`\n\n{}\n\n```\n", p.name, point_status_name(p.status), settings_text(p));
    for (const std::string& line : p.failure->log_excerpt) out << line << "\n";
    out << "```\n\n";
  }
}

void results_section(const SweepResult& sweep, const SweepMessages& m, std::ostream& out) {
  out << "## " << m.results_heading << "\n\n";
  for (const ScenarioResult* ref : scenarios_of(sweep)) {
    out << fmt::format("### {} ({} → {} tok, {} c={})\n\n", ref->spec.name, ref->spec.input_len,
                       ref->spec.output_len, to_string(ref->spec.load), ref->spec.concurrency)
        << m.results_header << "\n";
    for (const auto& p : sweep.points) {
      for (std::size_t r = 0; r < p.runs.size(); ++r) {
        for (const auto& s : p.runs[r].scenarios) {
          if (s.spec.name != ref->spec.name) continue;
          const auto& x = s.summary;
          out << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", p.name,
                             settings_text(p), r + 1, fmt_num(x.ttft_ms.mean, 1),
                             fmt_num(x.ttft_ms.p99, 1), fmt_num(x.tpot_ms.mean, 2),
                             fmt_num(x.itl_ms.p99, 2), fmt_num(x.e2el_ms.mean / 1000, 2),
                             fmt_num(x.output_throughput, 1));
        }
      }
    }
    out << "\n";
  }
}

double percent_change(double from, double to) {
  return from != 0 && std::isfinite(from) && std::isfinite(to) ? 100 * (to - from) / from : kNaN;
}

void chunked_section(const SweepResult& sweep, const SweepMessages& m, std::ostream& out) {
  out << "## " << m.chunked_heading << "\n\n";
  if (!sweep_report::has_repeats(sweep)) out << m.no_repeats_note << "\n\n";
  bool any = false;
  const std::optional<double> e2e_spread = analysis::run_spread(sweep, e2el_s);
  for (const ScenarioResult* ref : scenarios_of(sweep)) {
    const std::string& sc = ref->spec.name;
    const GroupStat on = group_stat(sweep, kChunked, "true", sc, e2el_s);
    const GroupStat off = group_stat(sweep, kChunked, "false", sc, e2el_s);
    if (on.n == 0 || off.n == 0) continue;
    if (!any) out << m.chunked_header << "\n";
    any = true;
    const GroupStat ton = group_stat(sweep, kChunked, "true", sc, ttft_mean);
    const GroupStat toff = group_stat(sweep, kChunked, "false", sc, ttft_mean);
    const GroupStat ion = group_stat(sweep, kChunked, "true", sc, itl_p99);
    const GroupStat ioff = group_stat(sweep, kChunked, "false", sc, itl_p99);
    // Speed-up of ON over OFF: (OFF − ON) ÷ OFF, the user's definition.
    const double speedup = off.mean != 0 ? 100 * (off.mean - on.mean) / off.mean : kNaN;
    out << fmt::format("| {} | {} | {} | {} | {} | {} / {} | {} / {} |\n", sc, ref->spec.input_len,
                       stat_text(on, 2), stat_text(off, 2),
                       change_text(speedup, analysis::classify(speedup / 100, e2e_spread), m.within_spread),
                       stat_text(ton, 1), stat_text(toff, 1), stat_text(ion, 2), stat_text(ioff, 2));
  }
  if (any) out << "\n";
  out << (any ? m.chunked_note : m.chunked_missing) << "\n\n";
}

void axis_table(const SweepResult& sweep, const std::string& flag, const std::vector<std::string>& values,
                const AxisMetric& metric, const SweepMessages& m, std::ostream& out) {
  out << "#### " << m.axis_metric_heading.format(arg<"metric">(metric.label))
      << "\n\n" << m.axis_header_first;
  for (const auto& v : values) out << " | " << flag << "=" << v;
  for (std::size_t i = 1; i < values.size(); ++i) {
    out << " | " << m.axis_delta.format(arg<"value">(values[i]), arg<"first">(values[0]));
  }
  out << " |\n| --- | ---";
  for (std::size_t i = 1; i < 2 * values.size(); ++i) out << " | ---";
  out << " |\n";
  const std::optional<double> spread = analysis::run_spread(sweep, metric.value);
  for (const ScenarioResult* ref : scenarios_of(sweep)) {
    std::vector<GroupStat> stats;
    int measured = 0;
    for (const auto& v : values) {
      stats.push_back(group_stat(sweep, flag, v, ref->spec.name, metric.value));
      measured += stats.back().n > 0;
    }
    if (measured == 0) continue;
    out << "| " << ref->spec.name << " | " << ref->spec.input_len;
    for (const auto& g : stats) out << " | " << stat_text(g, metric.precision);
    for (std::size_t i = 1; i < stats.size(); ++i) {
      const double change = percent_change(stats[0].mean, stats[i].mean);
      out << " | " << change_text(change, analysis::classify(change / 100, spread), m.within_spread);
    }
    out << " |\n";
  }
  out << "\n";
}

void axis_sections(const SweepResult& sweep, const SweepMessages& m, std::ostream& out) {
  for (const auto& [flag, values] : sweep.axes) {
    if (flag == kChunked || values.size() < 2) continue;
    out << "### " << m.axis_heading.format(arg<"flag">(flag)) << "\n\n";
    for (const AxisMetric& metric : sweep_report::axis_metrics(flag, m)) {
      axis_table(sweep, flag, values, metric, m, out);
    }
    out << m.spread_note << "\n\n";
  }
}

void conclusions_section(const SweepResult& sweep, Lang lang, const report::ConclusionOptions& options,
                         const SweepMessages& m, std::ostream& out) {
  out << "## " << m.conclusions_heading << "\n\n";
  const std::vector<report::Finding> findings = report::sweep_findings(sweep, lang, options);
  if (findings.empty()) {
    out << m.concl_none << "\n\n";
    return;
  }
  report::write_findings_markdown(findings, lang, out);
  out << "\n";
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
AxisMetric ttft_metric(const SweepMessages& m) { return {m.metric_ttft_mean, "ms", ttft_mean, 1, false}; }
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

std::string change_text(double percent, Difference d, const char* within) {
  if (!std::isfinite(percent)) return "—";
  const std::string v = fmt::format("{:+.1f}%", percent);
  switch (d) {
    case Difference::real: return "**" + v + "**";
    case Difference::within_spread: return std::string(within) + " " + v;
    case Difference::unknown: break;
  }
  return v;
}

void write_sweep_markdown(const SweepResult& sweep, Lang lang, std::ostream& out,
                          const report::ConclusionOptions& options) {
  const SweepMessages& m = sweep_messages(lang);
  out << "# " << m.title << "\n\n";
  for (const auto& p : sweep.points) {
    if (!p.runs.empty() && p.runs.front().simulated) {
      out << m.simulated.format(arg<"speed">(p.runs.front().sim_speed)) << "\n\n";
      break;
    }
  }
  out << m.meta.format(arg<"file">(sweep.sweep_file), arg<"started">(sweep.started_at),
                       arg<"finished">(sweep.finished_at.empty() ? "—" : sweep.finished_at),
                       arg<"points">(sweep.points.size()))
      << "\n\n";
  if (!sweep.complete && !sweep.finished_at.empty()) {
    out << m.incomplete.format(arg<"reason">(sweep.incomplete_reason)) << "\n\n";
  }
  points_section(sweep, m, out);
  failures_section(sweep, m, out);
  results_section(sweep, m, out);
  chunked_section(sweep, m, out);
  axis_sections(sweep, m, out);
  conclusions_section(sweep, lang, options, m, out);
}

}  // namespace sonde
