// Rule "memory_limit": how many requests the KV cache holds at once (from the server's own
// figures), what the runs actually used, and which sweep points did not fit at all.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/finding_rules.hpp"
#include "report/format.hpp"
#include "report/sections.hpp"
#include "report/server_side.hpp"

namespace sonde::report::findings {
namespace {

constexpr int64_t kLengths[] = {1000, 3000, 6000, 10000};  // the user's template lengths

struct Capacity {
  double tokens = kNaN;       // KV cache size (tokens)
  double block_size = kNaN;   // tokens per block; NaN when unknown
  double blocks = kNaN;       // from cache_config_info
  bool from_startup = false;  // the start-up log's figure (else cache_config_info)
  double server_x = kNaN;     // "Maximum concurrency for N tokens per request: X"
  double server_n = kNaN;     // N
};

// Requests of `len` tokens that fit at once: whole blocks each, as vLLM counts them.
double fits(const Capacity& c, double len) {
  const double per = std::isfinite(c.block_size) && c.block_size > 0
                         ? std::ceil(len / c.block_size) * c.block_size
                         : len;
  return c.tokens / per;
}

// As a count of requests: a fraction of a request cannot run (vLLM's own "X x" keeps them).
std::string whole_fits(const Capacity& c, double len) {
  return number(std::floor(fits(c, len)), 0);
}

Capacity from_run(const RunResult& run) {
  Capacity c;
  const auto blocks = setting_number(run, "num-gpu-blocks");
  const auto bs = setting_number(run, "block-size");
  if (bs) c.block_size = *bs;
  if (blocks && bs) c.blocks = *blocks, c.tokens = *blocks * *bs;
  return c;
}

Capacity from_point(const PointResult& p) {
  Capacity c = p.runs.empty() ? Capacity{} : from_run(p.runs.front());
  if (!p.startup_facts) return c;
  const StartupFacts& f = *p.startup_facts;
  if (f.kv_cache_tokens) {
    c.tokens = static_cast<double>(*f.kv_cache_tokens);
    c.from_startup = true;
  }
  if (f.max_concurrency && f.max_concurrency_tokens) {
    c.server_x = *f.max_concurrency;
    c.server_n = static_cast<double>(*f.max_concurrency_tokens);
  }
  return c;
}

// `text` is mem_capacity, or mem_group, which also names the points (`head`).
template <class Sentence>
std::string capacity_sentence(const Sentence& text, const Capacity& c, const std::string& head,
                              const FindingMessages& m) {
  const std::string source =
      c.from_startup ? std::string(m.mem_source_startup)
                     : m.mem_source_cache.format(arg<"blocks">(number(c.blocks, 0)),
                                                 arg<"block_size">(number(c.block_size, 0)));
  const auto sentence = [&](const auto&... points_arg) {
    return text.format(
        points_arg..., arg<"tokens">(number(c.tokens, 0)), arg<"source">(source),
        arg<"c1k">(whole_fits(c, kLengths[0])), arg<"c3k">(whole_fits(c, kLengths[1])),
        arg<"c6k">(whole_fits(c, kLengths[2])), arg<"c10k">(whole_fits(c, kLengths[3])));
  };
  if constexpr (Sentence::declares("points")) {
    return sentence(arg<"points">(head));
  } else {
    return sentence();
  }
}

// The server's own start-up line against the capacity, at the line's length and at 10k.
// Returns the relative difference (NaN when there is no line).
double server_line(const Capacity& c, const FindingMessages& m, std::string& text) {
  if (!std::isfinite(c.server_x) || !(c.server_n > 0) || !std::isfinite(c.tokens)) return kNaN;
  const double ours = fits(c, c.server_n);
  const double diff = std::fabs(ours - c.server_x) / c.server_x;
  // The server's X scaled from its N to 10k tokens per request.
  const double x10k = c.server_x * fits(c, kLengths[3]) / ours;
  text +=
      " " + m.mem_server_line.format(arg<"x">(number(c.server_x, 2)),
                                     arg<"n">(number(c.server_n, 0)), arg<"x10k">(number(x10k, 2)),
                                     arg<"ours">(number(ours, 2)), arg<"diff">(percent(diff)));
  return diff;
}

struct Observed {
  double peak = kNaN;
  std::string where;
  double running = kNaN, waiting = kNaN;
  int64_t preemptions = 0;
  std::vector<std::string> preempted;  // "`name` 3"
  bool any = false;                    // some scenario had server metrics
};

void observe(const RunResult& run, const std::string& prefix, const FindingMessages&, Observed& o) {
  for (const ScenarioResult& sc : run.scenarios) {
    const auto d = server_metrics_of(sc);
    if (!d) continue;
    o.any = true;
    if (std::isfinite(d->kv_cache_usage_peak) && !(d->kv_cache_usage_peak <= o.peak)) {
      o.peak = d->kv_cache_usage_peak, o.where = prefix + sc.spec.name;
      o.running = d->num_requests_running_peak, o.waiting = d->num_requests_waiting_peak;
    }
    if (d->num_preemptions && *d->num_preemptions > 0) {
      o.preemptions += *d->num_preemptions;
      o.preempted.push_back(
          fmt::format("`{}{}` {}", prefix, sc.spec.name, integer(*d->num_preemptions)));
    }
  }
}

std::string observed_text(const Observed& o, const FindingMessages& m) {
  std::string text;
  if (std::isfinite(o.peak)) {
    text += " " + m.mem_peak.format(arg<"peak">(percent(o.peak)), arg<"name">(o.where),
                                    arg<"running">(number(o.running, 0)),
                                    arg<"waiting">(number(o.waiting, 0)));
  }
  if (o.any) {
    text += " " + (o.preemptions == 0 ? std::string(m.mem_preempt_none)
                                      : m.mem_preempt.format(arg<"n">(integer(o.preemptions)),
                                                             arg<"list">(name_list(o.preempted))));
  }
  return text;
}

std::string trim_first(std::string s) { return s.empty() ? s : s.substr(1); }

}  // namespace

Finding memory_limit(const RunResult& run, const FindingMessages& m) {
  const Capacity c = from_run(run);
  Observed o;
  observe(run, "", m, o);
  if (!std::isfinite(c.tokens) && !std::isfinite(o.peak))
    return not_measured(RuleId::memory_limit, m.need_kv, m);
  Finding f{RuleId::memory_limit, true, "", m.mem_evidence_run, m.mem_conf_peak_only};
  std::string text;
  if (std::isfinite(c.tokens)) {
    text += " " + capacity_sentence(m.mem_capacity, c, "", m);
    // The run's longest request (prompt + output) against the same capacity.
    const ScenarioSpec* longest = nullptr;
    for (const ScenarioResult& sc : run.scenarios) {
      if (!longest ||
          sc.spec.input_len + sc.spec.output_len > longest->input_len + longest->output_len) {
        longest = &sc.spec;
      }
    }
    if (longest) {
      const double len = double(longest->input_len + longest->output_len);
      text += " " + m.mem_longest.format(arg<"name">(longest->name), arg<"tokens">(number(len, 0)),
                                         arg<"c">(whole_fits(c, len)));
    }
    f.confidence = m.mem_conf_one;
  }
  f.text = trim_first(text + observed_text(o, m));
  return f;
}

Finding memory_limit(const SweepResult& sweep, const FindingMessages& m) {
  // Points grouped by KV cache size, in point order.
  std::vector<std::pair<Capacity, std::vector<std::string>>> groups;
  double worst_diff = kNaN;
  bool any_line = false;
  Observed o;
  for (const PointResult* p : ok_points(sweep)) {
    observe(p->runs.front(), p->name + " · ", m, o);
    const Capacity c = from_point(*p);
    if (!std::isfinite(c.tokens)) continue;
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const auto& g) { return g.first.tokens == c.tokens; });
    if (it == groups.end())
      groups.push_back({c, {p->name}});
    else
      it->second.push_back(p->name);
  }
  std::vector<std::string> failed;
  for (const PointResult& p : sweep.points) {
    if (is_memory_failure(p.status)) {
      failed.push_back(fmt::format("{} (`{}`: {})", p.name, point_status_name(p.status), p.reason));
    }
  }
  if (groups.empty() && !std::isfinite(o.peak) && failed.empty()) {
    return not_measured(RuleId::memory_limit, m.need_kv, m);
  }
  Finding f{RuleId::memory_limit, true, "", m.mem_evidence_sweep, m.mem_conf_peak_only};
  std::string text;
  for (const auto& [c, names] : groups) {
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    text += " " + capacity_sentence(m.mem_group, c, list, m);
    const double diff = server_line(c, m, text);
    if (std::isfinite(diff)) {
      any_line = true;
      if (!(diff <= worst_diff)) worst_diff = diff;
    }
  }
  text += observed_text(o, m);
  if (!failed.empty()) {
    text += " " + m.mem_failed.format(arg<"n">(failed.size()), arg<"list">(joined(failed, "; ")));
  }
  f.text = trim_first(text);
  if (any_line) {
    // Two sources: the cache size and the concurrency line agree within rounding (< 1 %).
    f.confidence = (worst_diff < 0.01 ? m.mem_conf_agree : m.mem_conf_differ)
                       .format(arg<"diff">(percent(worst_diff)));
  } else if (!groups.empty()) {
    f.confidence = m.mem_conf_one;
  }
  return f;
}

}  // namespace sonde::report::findings
