// The conclusions engine's entry points: which rules run for a run or a sweep, SLO and goal
// parsing, and the Markdown/HTML layout of the findings.
#include "report/findings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "report/finding_rules.hpp"

namespace sonde::report {

std::optional<Slo> parse_slo(const std::string& text, std::string& error) {
  std::string t;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) t += c;
  }
  const auto le = t.find("<="), ge = t.find(">=");
  const auto op = le != std::string::npos ? le : ge;
  if (op == std::string::npos || (le != std::string::npos && ge != std::string::npos)) {
    error =
        fmt::format("'{}': expected METRIC<=VALUE or METRIC>=VALUE, e.g. ttft_p99_ms<=2000", text);
    return std::nullopt;
  }
  Slo slo;
  slo.metric = t.substr(0, op);
  slo.at_most = op == le;
  if (!findings::find_metric(slo.metric)) {
    error = fmt::format("'{}': unknown metric '{}'; use one of {}", text, slo.metric,
                        findings::metric_ids());
    return std::nullopt;
  }
  const std::string value = t.substr(op + 2);
  char* end = nullptr;
  slo.bound = std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(slo.bound)) {
    error = fmt::format("'{}': '{}' is not a number", text, value);
    return std::nullopt;
  }
  return slo;
}

std::optional<Goal> parse_goal(const std::string& text) {
  std::string t = text;
  std::transform(t.begin(), t.end(), t.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  if (t == "throughput") return Goal::throughput;
  if (t == "latency") return Goal::latency;
  if (t == "balanced") return Goal::balanced;
  return std::nullopt;
}

std::string_view rule_id_name(RuleId rule) {
  switch (rule) {
    case RuleId::largest_effect:
      return "largest_effect";
    case RuleId::memory_limit:
      return "memory_limit";
    case RuleId::bandwidth_bound:
      return "bandwidth_bound";
    case RuleId::chunked_prefill:
      return "chunked_prefill";
    case RuleId::max_num_batched_tokens:
      return "max_num_batched_tokens";
    case RuleId::recommendation:
      return "recommendation";
  }
  return "unknown";  // not reached: every rule is listed above
}

// One run: what it can say about memory and bandwidth; the sweep-only items say what to run.
std::vector<Finding> run_findings(const RunResult& run, Lang lang, const ConclusionOptions& opt) {
  const FindingMessages& m = finding_messages(lang);
  return {
      findings::not_measured(RuleId::largest_effect, m.need_sweep, m),
      findings::memory_limit(run, m),
      findings::bandwidth_bound(run, m, opt),
      findings::not_measured(RuleId::chunked_prefill, m.need_chunked, m),
      findings::not_measured(RuleId::max_num_batched_tokens, m.need_mnbt, m),
      findings::not_measured(RuleId::recommendation, m.need_recommend, m),
  };
}

std::vector<Finding> sweep_findings(const SweepResult& sweep, Lang lang,
                                    const ConclusionOptions& opt) {
  const FindingMessages& m = finding_messages(lang);
  // A sweep that measured capacity alone has no suite figures for the other rules to read.
  const bool any_run = std::any_of(sweep.points.begin(), sweep.points.end(),
                                   [](const PointResult& p) { return !p.runs.empty(); });
  if (sweep.capacity && !any_run) return {findings::recommendation(sweep, m, opt)};
  std::vector<Finding> out = findings::largest_effects(sweep, m);
  out.push_back(findings::memory_limit(sweep, m));
  out.push_back(findings::bandwidth_bound(sweep, m, opt));
  out.push_back(findings::chunked_prefill(sweep, m));
  out.push_back(findings::max_num_batched_tokens(sweep, m));
  out.push_back(findings::recommendation(sweep, m, opt));
  return out;
}

std::optional<Finding> capacity_recommendation(const SweepResult& sweep, Lang lang,
                                               const ConclusionOptions& opt) {
  if (!sweep.capacity) return std::nullopt;
  return findings::capacity_recommendation(sweep, finding_messages(lang), opt);
}

namespace {

const char* title_of(RuleId rule, const FindingMessages& m) {
  switch (rule) {
    case RuleId::largest_effect:
      return m.title_largest_effect;
    case RuleId::memory_limit:
      return m.title_memory_limit;
    case RuleId::bandwidth_bound:
      return m.title_bandwidth_bound;
    case RuleId::chunked_prefill:
      return m.title_chunked_prefill;
    case RuleId::max_num_batched_tokens:
      return m.title_mnbt;
    case RuleId::recommendation:
      return m.title_recommendation;
  }
  throw std::logic_error("a finding rule without a title");  // a RuleId added without one
}

}  // namespace

std::vector<doc::Block> findings_blocks(const std::vector<Finding>& findings, Lang lang) {
  const FindingMessages& m = finding_messages(lang);
  std::vector<doc::Block> out;
  const RuleId* rule = nullptr;
  doc::List list;
  for (const Finding& f : findings) {
    // Consecutive findings of one rule share its heading.
    if (!rule || *rule != f.rule) {
      if (rule) out.push_back(std::move(list));
      list = {};
      out.push_back(doc::Heading{3, title_of(f.rule, m)});
      rule = &f.rule;
    }
    doc::ListItem item{f.text, {}};
    if (!f.evidence.empty())
      item.details.push_back("**" + std::string(m.evidence_label) + ":** " + f.evidence);
    if (!f.confidence.empty())
      item.details.push_back("**" + std::string(m.confidence_label) + ":** " + f.confidence);
    list.items.push_back(std::move(item));
  }
  if (rule) out.push_back(std::move(list));
  return out;
}

void write_findings_markdown(const std::vector<Finding>& findings, Lang lang, std::ostream& out) {
  doc::write_markdown(findings_blocks(findings, lang), out);
}

void write_findings_html(const std::vector<Finding>& findings, Lang lang, std::ostream& out) {
  out << "<div class=\"findings\">\n";
  doc::write_html(findings_blocks(findings, lang), out);
  out << "</div>\n";
}

}  // namespace sonde::report
