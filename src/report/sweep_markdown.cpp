#include "report/sweep_markdown.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "report/sweep_messages.hpp"

namespace sonde {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string fmt_num(double v, int precision) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, precision) : "—";
}

std::string setting_of(const PointResult& p, const std::string& flag) {
  for (const auto& [k, v] : p.settings) {
    if (k == flag) return v;
  }
  // Not set by the point: a launched server's command line may still carry it (fixed args).
  const std::string needle = "--" + flag;
  if (p.command.find("--no-" + flag) != std::string::npos) return "false";
  const auto at = p.command.find(needle + " ");
  if (at != std::string::npos) {
    const auto start = at + needle.size() + 1;
    return p.command.substr(start, p.command.find(' ', start) - start);
  }
  if (p.command.find(needle) != std::string::npos) return "true";
  return "";
}

std::string settings_text(const PointResult& p) {
  std::string out;
  for (const auto& [k, v] : p.settings) out += fmt::format("{}{}={}", out.empty() ? "" : ", ", k, v);
  return out.empty() ? "—" : out;
}

double e2el_s(const ScenarioSummary& s) { return s.e2el_ms.mean / 1000; }
double ttft_mean(const ScenarioSummary& s) { return s.ttft_ms.mean; }
double itl_p99(const ScenarioSummary& s) { return s.itl_ms.p99; }
double tpot_mean(const ScenarioSummary& s) { return s.tpot_ms.mean; }
double out_tput(const ScenarioSummary& s) { return s.output_throughput; }

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

void points_section(const SweepResult& sweep, const SweepMessages& m, std::ostream& out) {
  out << "## " << m.points_heading << "\n\n" << m.points_header << "\n";
  for (const auto& p : sweep.points) {
    const auto kv = p.startup_facts.is_object() ? p.startup_facts.value("kv_cache_tokens", nlohmann::json()) : nlohmann::json();
    const auto mc = p.startup_facts.is_object() ? p.startup_facts.value("max_concurrency", nlohmann::json()) : nlohmann::json();
    out << fmt::format("| {} | {} | {} | {} | {} | {} |\n", p.name, settings_text(p), p.status,
                       kv.is_number() ? fmt::format("{:L}", kv.get<int64_t>()) : "—",
                       mc.is_number() ? fmt::format("{:.2f}x", mc.get<double>()) : "—",
                       p.reason.empty() ? "" : p.reason);
  }
  out << "\n";
}

void failures_section(const SweepResult& sweep, const SweepMessages& m, std::ostream& out) {
  bool any = false;
  for (const auto& p : sweep.points) {
    if (!p.failure.is_object()) continue;
    if (!any) out << "## " << m.failures_heading << "\n\n";
    any = true;
    out << fmt::format("### {} — `{}`\n\n{}\n\n```\n", p.name, p.status, settings_text(p));
    for (const auto& line : p.failure.value("log_excerpt", nlohmann::json::array())) {
      out << line.get<std::string>() << "\n";
    }
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
      for (const auto& r : p.runs) {
        for (const auto& s : r.scenarios) {
          if (s.spec.name != ref->spec.name) continue;
          const auto& x = s.summary;
          out << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", p.name, settings_text(p),
                             fmt_num(x.ttft_ms.mean, 1), fmt_num(x.ttft_ms.p99, 1), fmt_num(x.tpot_ms.mean, 2),
                             fmt_num(x.itl_ms.p99, 2), fmt_num(x.e2el_ms.mean / 1000, 2),
                             fmt_num(x.output_throughput, 1));
        }
      }
    }
    out << "\n";
  }
}

std::string stat_text(const GroupStat& g, int precision) {
  if (g.n == 0) return "—";
  if (g.n == 1 || g.min == g.max) return fmt_num(g.mean, precision);
  return fmt::format("{} ({}–{})", fmt_num(g.mean, precision), fmt_num(g.min, precision), fmt_num(g.max, precision));
}

void chunked_section(const SweepResult& sweep, const SweepMessages& m, std::ostream& out) {
  const std::string flag = "enable-chunked-prefill";
  out << "## " << m.chunked_heading << "\n\n";
  bool any = false;
  std::string conclusions;
  for (const ScenarioResult* ref : scenarios_of(sweep)) {
    const std::string& sc = ref->spec.name;
    const GroupStat on = group_stat(sweep, flag, "true", sc, e2el_s);
    const GroupStat off = group_stat(sweep, flag, "false", sc, e2el_s);
    if (on.n == 0 || off.n == 0) continue;
    if (!any) out << m.chunked_header << "\n";
    any = true;
    const GroupStat ton = group_stat(sweep, flag, "true", sc, ttft_mean);
    const GroupStat toff = group_stat(sweep, flag, "false", sc, ttft_mean);
    const GroupStat ion = group_stat(sweep, flag, "true", sc, itl_p99);
    const GroupStat ioff = group_stat(sweep, flag, "false", sc, itl_p99);
    out << fmt::format("| {} | {} | {} | {} | {:+.1f}% | {} / {} | {} / {} |\n", sc, ref->spec.input_len,
                       stat_text(on, 2), stat_text(off, 2), 100 * (off.mean - on.mean) / off.mean,
                       fmt_num(ton.mean, 1), fmt_num(toff.mean, 1), fmt_num(ion.mean, 2), fmt_num(ioff.mean, 2));
  }
  out << "\n" << (any ? m.chunked_note : m.chunked_missing) << "\n\n";
}

void axis_sections(const SweepResult& sweep, const SweepMessages& m, std::ostream& out) {
  const std::vector<std::pair<const char*, ScenarioMetric>> metrics{
      {"TTFT mean (ms)", ttft_mean}, {"TPOT mean (ms)", tpot_mean}, {"ITL p99 (ms)", itl_p99},
      {"output tok/s", out_tput}};
  for (const auto& [flag, values] : sweep.axes) {
    if (flag == "enable-chunked-prefill") continue;
    out << "### " << fmt::format(fmt::runtime(m.axis_heading), flag) << "\n\n| " << m.axis_header_first;
    for (const auto& v : values) out << " | " << flag << "=" << v;
    out << " |\n| ---";
    for (std::size_t i = 0; i < values.size(); ++i) out << " | ---";
    out << " |\n";
    for (const ScenarioResult* ref : scenarios_of(sweep)) {
      for (const auto& [label, metric] : metrics) {
        std::vector<GroupStat> stats;
        for (const auto& v : values) stats.push_back(group_stat(sweep, flag, v, ref->spec.name, metric));
        // A difference counts only when the groups' ranges do not overlap.
        bool separated = stats.size() >= 2;
        for (std::size_t i = 0; i < stats.size(); ++i) {
          for (std::size_t j = i + 1; j < stats.size(); ++j) {
            if (stats[i].n == 0 || stats[j].n == 0 ||
                !(stats[i].max < stats[j].min || stats[j].max < stats[i].min)) {
              separated = false;
            }
          }
        }
        out << "| " << ref->spec.name << " · " << label;
        for (const auto& g : stats) out << " | " << stat_text(g, 1) << (separated ? "*" : "");
        out << " |\n";
      }
    }
    out << "\n" << m.spread_note << "\n\n";
  }
}

}  // namespace

GroupStat group_stat(const SweepResult& sweep, const std::string& flag, const std::string& value,
                     const std::string& scenario, ScenarioMetric metric) {
  GroupStat g{kNaN, kNaN, kNaN, 0};
  double sum = 0;
  for (const auto& p : sweep.points) {
    if (p.status != "ok") continue;
    const std::string v = setting_of(p, flag);
    // An unset boolean flag means vLLM's default: chunked prefill and prefix caching are on.
    const bool matches = v == value || (v.empty() && value == "true" &&
                                        (flag == "enable-chunked-prefill" || flag == "enable-prefix-caching"));
    if (!matches) continue;
    for (const auto& r : p.runs) {
      for (const auto& s : r.scenarios) {
        if (s.spec.name != scenario) continue;
        const double x = metric(s.summary);
        if (!std::isfinite(x)) continue;
        sum += x;
        g.min = g.n == 0 ? x : std::min(g.min, x);
        g.max = g.n == 0 ? x : std::max(g.max, x);
        ++g.n;
      }
    }
  }
  if (g.n > 0) g.mean = sum / g.n;
  return g;
}

void write_sweep_markdown(const SweepResult& sweep, Lang lang, std::ostream& out) {
  const SweepMessages& m = sweep_messages(lang);
  out << "# " << m.title << "\n\n";
  for (const auto& p : sweep.points) {
    if (!p.runs.empty() && p.runs.front().simulated) {
      out << fmt::format(fmt::runtime(m.simulated), p.runs.front().sim_speed) << "\n\n";
      break;
    }
  }
  out << fmt::format(fmt::runtime(m.meta), sweep.sweep_file, sweep.started_at,
                     sweep.finished_at.empty() ? "—" : sweep.finished_at, sweep.points.size())
      << "\n\n";
  if (!sweep.complete && !sweep.finished_at.empty()) {
    out << fmt::format(fmt::runtime(m.incomplete), sweep.incomplete_reason) << "\n\n";
  }
  points_section(sweep, m, out);
  failures_section(sweep, m, out);
  results_section(sweep, m, out);
  chunked_section(sweep, m, out);
  axis_sections(sweep, m, out);
}

}  // namespace sonde
