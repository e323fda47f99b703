#include "runner/scenario_exec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "runner/conversation_exec.hpp"
#include "runner/rate_schedule.hpp"
#include "runner/shared_prefix_exec.hpp"
#include "runner/source_plan.hpp"
#include "workload/prompt_batch.hpp"

namespace sonde {

// FNV-1a.
uint64_t stable_hash(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

PreparedRequest scenario_request(const RequestFactory& f, const ScenarioSpec& spec, int index,
                                 const std::vector<double>& arrivals, double time_scale) {
  PreparedRequest r;
  r.scenario = spec.name;
  r.index = index;
  r.x_request_id = fmt::format("sonde-{}-{}-{}", f.run_id, spec.name, index);
  r.input_tokens_target = spec.input_len;
  r.output_tokens_target = spec.output_len;
  switch (spec.load) {
    case LoadShape::burst:
      r.round = index / std::max(1, spec.concurrency);
      break;
    case LoadShape::closed:
      r.round = 0;
      break;
    case LoadShape::rate:
      r.intended_offset_s = arrivals[static_cast<std::size_t>(index)] / time_scale;
      break;
  }
  return r;
}

DispatchPlan prepare_scenario(RequestFactory& f, const ScenarioSpec& spec, PromptCalibration& cal,
                              double time_scale, PreparedSource* prepared) {
  if (const auto* source = std::get_if<SharedPrefixSource>(&spec.source)) {
    SharedPrefixFacts facts;
    DispatchPlan plan = prepare_shared_prefix(f, spec, *source, cal, time_scale, facts);
    if (prepared != nullptr) prepared->shared_prefix = facts;
    return plan;
  }
  if (const auto* source = std::get_if<ConversationSource>(&spec.source)) {
    std::vector<PreparedRequest> planned;
    ConversationFacts facts;
    DispatchPlan plan = prepare_conversation(f, spec, *source, cal, time_scale, planned, facts.seed);
    if (prepared != nullptr) {
      prepared->conversation = facts;
      prepared->planned = std::move(planned);
    }
    return plan;
  }
  if (reads_file(spec)) {
    SourceRecord record;
    DispatchPlan plan = prepare_file_scenario(f, spec, cal, record, time_scale);
    if (prepared != nullptr) prepared->file = std::move(record);
    return plan;
  }
  DispatchPlan plan;
  cal = PromptCalibration{};
  cal.target_tokens = spec.input_len;
  const int calls_before = f.counter.calls();
  std::vector<double> arrivals;
  if (spec.load == LoadShape::rate) {
    arrivals = rate_arrivals(spec, f.seed ^ std::hash<std::string>{}(spec.name));
  }
  GenerationParams params = f.params;
  params.max_tokens = spec.output_len;
  // Calibrated once per length; each request gets its own four-word nonce (numbered across the
  // session's scenarios and warm-up, seeded by the prompt id) plus the prompt id itself, so that
  // no two prompts share a first KV block, in this run or another. repeat_prompt: one prompt
  // for every request, on purpose.
  const int distinct = spec.repeat_prompt ? std::min(spec.requests, 1) : spec.requests;
  PromptBatchOptions options;
  options.nonce_tag = fmt::format(" [doc {}]", f.run_id);
  const TokenCounter count = [&](const std::string& text) { return f.counter.count(text); };
  const PromptBatch batch =
      distinct == 0 ? PromptBatch{}
                    : make_prompt_batch(f.prompts, spec.input_len, distinct, stable_hash(f.run_id),
                                        f.nonce_counter, count, options);
  f.nonce_counter += static_cast<uint64_t>(distinct);
  for (int i = 0; i < spec.requests; ++i) {
    const Prompt& prompt = batch.prompts[spec.repeat_prompt ? 0 : static_cast<size_t>(i)];
    cal.min_tokens = i == 0 ? prompt.tokens : std::min(cal.min_tokens, prompt.tokens);
    cal.max_tokens = std::max(cal.max_tokens, prompt.tokens);
    cal.max_error_pct =
        std::max(cal.max_error_pct,
                 100.0 * std::abs(double(prompt.tokens - spec.input_len)) / double(spec.input_len));

    PreparedRequest r = scenario_request(f, spec, i, arrivals, time_scale);
    r.body = request_body(f.endpoint, f.model, prompt.text, params);
    plan.requests.push_back(std::move(r));
  }
  plan.max_in_flight = spec.load == LoadShape::rate ? spec.max_concurrency : spec.concurrency;
  cal.method = f.counter.method();
  cal.tokenizer_calls = f.counter.calls() - calls_before;
  return plan;
}

}  // namespace sonde
