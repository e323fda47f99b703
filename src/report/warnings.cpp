// The report's warnings, before section 1: what a reader must know before trusting the tables
// (flattering prefix-cache hits, preemptions, server-side data that is missing and why), and
// the runner's own warnings verbatim. Written only when there is at least one.
#include <fmt/format.h>

#include <cmath>
#include <string>
#include <vector>

#include "report/format.hpp"
#include "report/sections.hpp"
#include "report/server_side.hpp"

namespace sonde::report {
namespace {

constexpr double kPrefixHitThreshold =
    0.01;  // above 1 % of prompt tokens served from cache may flatter the results

std::string quoted(const std::string& name) { return "`" + name + "`"; }

void prefix_cache(const RunResult& run, const Messages& m, std::vector<std::string>& out) {
  std::vector<std::string> flattered;
  std::vector<std::string> intended;
  for (const ScenarioResult& sc : run.scenarios) {
    const auto d = server_metrics_of(sc);
    if (sc.shared_prefix) {  // hits are the point here: expected beside measured
      const double measured = d ? d->prefix_cache_hit_rate : NAN;
      intended.push_back(m.warn_prefix_shared.format(
          arg<"name">(sc.spec.name),
          arg<"expected">(percent(sc.shared_prefix->expected_prefix_hit_rate)),
          arg<"rate">(std::isfinite(measured) ? percent(measured) : kMissing)));
      continue;
    }
    if (sc.source && sc.source->expected_prefix_hit_rate) {  // a trace's sharing, on purpose
      const double measured = d ? d->prefix_cache_hit_rate : NAN;
      intended.push_back(m.warn_prefix_trace.format(
          arg<"name">(sc.spec.name), arg<"expected">(percent(*sc.source->expected_prefix_hit_rate)),
          arg<"rate">(std::isfinite(measured) ? percent(measured) : kMissing)));
      continue;
    }
    if (!d || !std::isfinite(d->prefix_cache_hit_rate)) continue;
    if (d->prefix_cache_hit_rate <= kPrefixHitThreshold) continue;
    const std::string rate = percent(d->prefix_cache_hit_rate);
    if (sc.spec.repeat_prompt) {
      intended.push_back(m.warn_prefix_intended.format(arg<"name">(sc.spec.name), arg<"rate">(rate)));
      continue;
    }
    if (std::holds_alternative<ConversationSource>(sc.spec.source)) {  // history sent again
      intended.push_back(
          m.warn_prefix_conversation.format(arg<"name">(sc.spec.name), arg<"rate">(rate)));
      continue;
    }
    flattered.push_back(m.warn_prefix_item.format(
        arg<"name">(sc.spec.name), arg<"rate">(rate),
        arg<"hits">(d->prefix_cache_hits ? integer(*d->prefix_cache_hits) : kMissing),
        arg<"queries">(d->prefix_cache_queries ? integer(*d->prefix_cache_queries) : kMissing)));
  }
  if (!flattered.empty()) {
    out.push_back(m.warn_prefix.format(arg<"list">(name_list(flattered))));
  }
  out.insert(out.end(), intended.begin(), intended.end());
}

void preemptions(const RunResult& run, const Messages& m, std::vector<std::string>& out) {
  std::vector<std::string> items;
  for (const ScenarioResult& sc : run.scenarios) {
    const auto d = server_metrics_of(sc);
    if (!d || !d->num_preemptions || *d->num_preemptions <= 0) continue;
    items.push_back(m.warn_preempt_item.format(arg<"name">(sc.spec.name),
                                               arg<"n">(integer(*d->num_preemptions))));
  }
  if (!items.empty()) out.push_back(m.warn_preempt.format(arg<"list">(name_list(items))));
}

// Why a scenario has no GPU memory readings.
std::string vram_reason(const RunResult& run, const ScenarioResult& sc, const Messages& m) {
  if (const auto rec = gpu_memory_of(sc)) {
    std::string why = m.vram_why_no_reading.format(arg<"source">(rec->source));
    if (rec->failed_reads > 0) {
      why += m.vram_last_error.format(
          arg<"failed">(rec->failed_reads),
          arg<"error">(rec->last_error.empty() ? kMissing : rec->last_error));
    }
    return why;
  }
  const auto env = environment_of(run);
  if (recorded_on_client(run)) return m.vram_why_remote;
  if (!env || env->gpus.source != "none") return m.vram_why_no_source;
  std::string why = m.vram_why_no_gpu;
  if (!env->gpus.note.empty()) why += " (" + doc::literal(env->gpus.note) + ")";
  return why;
}

void vram(const RunResult& run, const Messages& m, std::vector<std::string>& out) {
  std::vector<std::string> missing;
  std::string why;
  for (const ScenarioResult& sc : run.scenarios) {
    const auto rec = gpu_memory_of(sc);
    if (rec && busiest_gpu(*rec)) continue;
    missing.push_back(quoted(sc.spec.name));
    if (why.empty()) why = vram_reason(run, sc, m);  // the first reason stands for the rest
  }
  if (missing.empty()) return;
  std::string text = missing.size() == run.scenarios.size()
                         ? m.warn_vram_none.format(arg<"why">(why))
                         : m.warn_vram_some.format(arg<"list">(name_list(missing)), arg<"why">(why));
  // A remote server's GPUs can still be read, through its DCGM exporter.
  if (!run.simulated && (recorded_on_client(run) || !environment_of(run))) {
    text += std::string(" ") + m.hint_gpu_url;
  }
  out.push_back(text);
}

bool runner_warned_about_metrics(const RunResult& run) {
  for (const std::string& w : run.warnings) {
    if (w.find("/metrics") != std::string::npos) return true;
  }
  return false;
}

void metrics(const RunResult& run, const Messages& m, std::vector<std::string>& out) {
  std::vector<std::string> missing, reset;
  for (const ScenarioResult& sc : run.scenarios) {
    const auto d = server_metrics_of(sc);
    if (!d)
      missing.push_back(quoted(sc.spec.name));
    else if (d->reset_detected)
      reset.push_back(quoted(sc.spec.name));
  }
  if (!missing.empty() && missing.size() == run.scenarios.size()) {
    if (!runner_warned_about_metrics(run)) out.push_back(m.warn_metrics_none);
  } else if (!missing.empty()) {
    out.push_back(m.warn_metrics_some.format(arg<"list">(name_list(missing))));
  }
  if (!reset.empty()) out.push_back(m.warn_reset.format(arg<"list">(name_list(reset))));
}

}  // namespace

std::optional<doc::Section> warnings_section(const RunResult& run, const Messages& m) {
  std::vector<std::string> items;
  prefix_cache(run, m, items);
  preemptions(run, m, items);
  if (!run.scenarios.empty()) {
    vram(run, m, items);
    metrics(run, m, items);
  }
  for (const std::string& w : run.warnings) items.push_back(doc::literal(w));
  if (items.empty()) return std::nullopt;
  doc::List list;
  for (std::string& w : items) list.items.push_back({std::move(w), {}});
  return doc::Section{"warnings", m.warn_heading, {std::move(list)}};
}

}  // namespace sonde::report
