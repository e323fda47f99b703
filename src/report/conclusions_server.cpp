// Section-5 facts that rest on the server-side records: how the client's TTFT splits into
// vLLM's queue and prefill time, how full the KV cache got, preemptions, and the GPU memory
// peak. Each quotes the numbers it comes from; a fact whose data is missing is left out.
#include <fmt/format.h>

#include <cmath>
#include <string>
#include <vector>

#include "report/format.hpp"
#include "report/markdown.hpp"
#include "report/sections.hpp"
#include "report/server_side.hpp"

namespace sonde::report {
namespace {

// The share of `part` in `whole` as "35.1%".
std::string share(double part, double whole) {
  return whole > 0 ? percent(part / whole) : std::string(kMissing);
}

void ttft_split_of(const ScenarioResult& sc, const ServerMetricsDelta& d, const Messages& m,
                   std::vector<std::string>& facts) {
  const double ttft = sc.summary.ttft_ms.mean;
  const double queue = d.queue_ms.mean, prefill = d.prefill_ms.mean;
  if (!std::isfinite(ttft) || !std::isfinite(queue) || !std::isfinite(prefill)) return;
  facts.push_back(m.concl_ttft_split.format(
      arg<"name">(sc.spec.name), arg<"case">(load_case(sc.spec, m)), arg<"ttft">(autonum(ttft)),
      arg<"queue">(autonum(queue)), arg<"queue_pct">(share(queue, ttft)),
      arg<"prefill">(autonum(prefill)), arg<"prefill_pct">(share(prefill, ttft)),
      arg<"rest">(autonum(ttft - queue - prefill))));
}

// The longest input of the input-length scenarios, and the highest fixed concurrency: where
// prefill and queueing weigh most.
void ttft_split(const RunResult& run, const Messages& m, std::vector<std::string>& facts) {
  const ScenarioResult* longest = nullptr;
  const ScenarioResult* busiest = nullptr;
  for (const ScenarioResult& sc : run.scenarios) {
    if (!server_metrics_of(sc) || sc.summary.ttft_ms.count == 0) continue;
    if (is_input_length_scenario(sc.spec)) {
      if (!longest || sc.spec.input_len > longest->spec.input_len) longest = &sc;
    } else if (sc.spec.load != LoadShape::rate) {
      if (!busiest || sc.spec.concurrency > busiest->spec.concurrency) busiest = &sc;
    }
  }
  for (const ScenarioResult* sc : {longest, busiest}) {
    if (sc) ttft_split_of(*sc, *server_metrics_of(*sc), m, facts);
  }
}

std::string kv_capacity(const RunResult& run, const Messages& m) {
  const auto blocks = setting_number(run, "num-gpu-blocks");
  const auto block_size = setting_number(run, "block-size");
  if (!blocks || !block_size) return "";
  return " " + m.concl_kv_capacity.format(arg<"blocks">(number(*blocks, 0)),
                                          arg<"block_size">(number(*block_size, 0)),
                                          arg<"tokens">(number(*blocks * *block_size, 0)));
}

void kv_cache(const RunResult& run, const Messages& m, std::vector<std::string>& facts) {
  const ScenarioResult* hi = nullptr;
  const ScenarioResult* lo = nullptr;
  double hi_v = 0, lo_v = 0, running = NAN, waiting = NAN;
  for (const ScenarioResult& sc : run.scenarios) {
    const auto d = server_metrics_of(sc);
    if (!d || !std::isfinite(d->kv_cache_usage_peak)) continue;
    const double v = d->kv_cache_usage_peak;
    if (!hi || v > hi_v) {
      hi = &sc, hi_v = v;
      running = d->num_requests_running_peak, waiting = d->num_requests_waiting_peak;
    }
    if (!lo || v < lo_v) lo = &sc, lo_v = v;
  }
  if (!hi) return;
  // The one-scenario wording takes no min arguments.
  const auto sentence = [&](const auto& text, const auto&... min_args) {
    return text.format(arg<"max">(percent(hi_v)), arg<"max_name">(hi->spec.name),
                       arg<"max_case">(load_case(hi->spec, m)), arg<"running">(number(running, 0)),
                       arg<"waiting">(number(waiting, 0)), min_args...);
  };
  facts.push_back((hi == lo || hi_v == lo_v ? sentence(m.concl_kv_one)
                                            : sentence(m.concl_kv, arg<"min">(percent(lo_v)),
                                                       arg<"min_name">(lo->spec.name),
                                                       arg<"min_case">(load_case(lo->spec, m)))) +
                  kv_capacity(run, m));
}

void preemption_total(const RunResult& run, const Messages& m, std::vector<std::string>& facts) {
  int64_t total = 0;
  std::vector<std::string> items;
  for (const ScenarioResult& sc : run.scenarios) {
    const auto d = server_metrics_of(sc);
    if (!d || !d->num_preemptions || *d->num_preemptions <= 0) continue;
    total += *d->num_preemptions;
    items.push_back(m.warn_preempt_item.format(arg<"name">(sc.spec.name),
                                               arg<"n">(integer(*d->num_preemptions))));
  }
  if (total == 0) return;
  facts.push_back(m.concl_preempt.format(arg<"n">(integer(total)), arg<"list">(name_list(items))));
}

// vLLM's token counters against the client's usage totals, over the scenarios that have both.
void token_check(const RunResult& run, const Messages& m, std::vector<std::string>& facts) {
  int64_t prompt = 0, generated = 0, client_prompt = 0, client_generated = 0;
  int n = 0;
  for (const ScenarioResult& sc : run.scenarios) {
    const auto d = server_metrics_of(sc);
    if (!d || !d->prompt_tokens || !d->generation_tokens) continue;
    prompt += *d->prompt_tokens, generated += *d->generation_tokens;
    client_prompt += sc.summary.total_input_tokens;
    client_generated += sc.summary.total_output_tokens;
    ++n;
  }
  if (n == 0) return;
  const bool equal = prompt == client_prompt && generated == client_generated;
  const auto sentence = [&](const auto& text, const auto&... client_args) {
    return text.format(arg<"prompt">(integer(prompt)), arg<"generated">(integer(generated)),
                       arg<"n">(n), client_args...);
  };
  facts.push_back(equal
                      ? sentence(m.concl_tokens_equal)
                      : sentence(m.concl_tokens_differ, arg<"client_prompt">(integer(client_prompt)),
                                 arg<"client_generated">(integer(client_generated))));
}

// Returns whether any scenario had a GPU memory reading.
bool vram_peak(const RunResult& run, const Messages& m, std::vector<std::string>& facts) {
  std::vector<std::pair<const ScenarioResult*, GpuMemorySummary>> peaks;
  for (const ScenarioResult& sc : run.scenarios) {
    const auto rec = gpu_memory_of(sc);
    if (!rec) continue;
    if (auto g = busiest_gpu(*rec)) peaks.emplace_back(&sc, *g);
  }
  if (peaks.empty()) return false;
  auto lo = peaks.front(), hi = peaks.front();
  for (const auto& p : peaks) {
    if (*p.second.peak_used_bytes > *hi.second.peak_used_bytes) hi = p;
    if (*p.second.peak_used_bytes < *lo.second.peak_used_bytes) lo = p;
  }
  const double max_gib = gib(*hi.second.peak_used_bytes);
  const double total_gib = hi.second.total_bytes ? gib(*hi.second.total_bytes) : NAN;
  const std::string pct = std::isfinite(total_gib) ? percent(max_gib / total_gib) : kMissing;
  std::string fact =
      peaks.size() == 1
          ? m.concl_vram_one.format(arg<"peak">(number(max_gib, 1)),
                                    arg<"total">(number(total_gib, 1)), arg<"pct">(pct),
                                    arg<"name">(hi.first->spec.name))
          : m.concl_vram.format(arg<"min">(number(gib(*lo.second.peak_used_bytes), 1)),
                                arg<"max">(number(max_gib, 1)), arg<"total">(number(total_gib, 1)),
                                arg<"pct">(pct), arg<"n">(peaks.size()));
  const auto util = setting_number(run, "gpu-memory-utilization");
  if (util && std::isfinite(total_gib)) {
    fact += " " + m.concl_vram_reserve.format(arg<"util">(trimmed(*util, 3)),
                                              arg<"reserve">(number(*util * total_gib, 1)));
  }
  facts.push_back(std::move(fact));
  return true;
}

}  // namespace

bool server_side_facts(const RunResult& run, const Messages& m, std::vector<std::string>& facts) {
  ttft_split(run, m, facts);
  kv_cache(run, m, facts);
  preemption_total(run, m, facts);
  token_check(run, m, facts);
  return vram_peak(run, m, facts);
}

}  // namespace sonde::report
