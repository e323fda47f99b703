#include "runner/shared_prefix_exec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <utility>

#include "runner/rate_schedule.hpp"
#include "workload/shared_prefix.hpp"

namespace sonde {

std::pair<int, std::string> kv_block_size(const std::vector<ServerSetting>& settings) {
  for (const auto& s : settings) {
    if (s.name != "block-size") continue;
    char* end = nullptr;
    const long v = std::strtol(s.value.c_str(), &end, 10);
    if (end != s.value.c_str() && *end == '\0' && v > 0 && v <= 1 << 20) {
      return {static_cast<int>(v), s.source};
    }
  }
  return {16, "default"};  // vLLM's default --block-size on GPUs
}

DispatchPlan prepare_shared_prefix(RequestFactory& f, const ScenarioSpec& spec,
                                   const SharedPrefixSource& source, PromptCalibration& cal,
                                   double time_scale, SharedPrefixFacts& facts) {
  DispatchPlan plan;
  cal = PromptCalibration{};
  cal.target_tokens = spec.input_len;
  const int calls_before = f.counter.calls();
  const TokenCounter count = [&](const std::string& text) { return f.counter.count(text); };
  const SharedPrefixShape shape{source.groups, source.requests_per_group, source.prefix_len,
                                source.suffix_len};
  // Prefix nonces are numbered with the session's other prompts and tagged with the run's
  // prompt id (as make_prompt_batch's), so no two groups or runs share a first KV block.
  const SharedPrefixPrompts built =
      make_shared_prefix_prompts(f.prompts, shape, stable_hash(f.run_id), f.nonce_counter, count,
                                 fmt::format(" [doc {}]", f.run_id));
  f.nonce_counter += static_cast<uint64_t>(source.groups);

  std::vector<double> arrivals;
  if (spec.load == LoadShape::rate) {
    arrivals = rate_arrivals(spec, f.seed ^ std::hash<std::string>{}(spec.name));
  }
  GenerationParams params = f.params;
  params.max_tokens = spec.output_len;
  int64_t prompt_tokens = 0;
  for (std::size_t i = 0; i < built.prompts.size(); ++i) {
    const Prompt& prompt = built.prompts[i];
    prompt_tokens += prompt.tokens;
    cal.min_tokens = i == 0 ? prompt.tokens : std::min(cal.min_tokens, prompt.tokens);
    cal.max_tokens = std::max(cal.max_tokens, prompt.tokens);
    cal.max_error_pct =
        std::max(cal.max_error_pct,
                 100.0 * std::abs(double(prompt.tokens - spec.input_len)) / double(spec.input_len));
    PreparedRequest r = scenario_request(f, spec, static_cast<int>(i), arrivals, time_scale);
    r.body = request_body(f.endpoint, f.model, prompt.text, params);
    plan.requests.push_back(std::move(r));
  }
  plan.max_in_flight = spec.load == LoadShape::rate ? spec.max_concurrency : spec.concurrency;
  cal.method = f.counter.method();
  cal.tokenizer_calls = f.counter.calls() - calls_before;

  facts = SharedPrefixFacts{};
  facts.prefix_tokens_min = *std::min_element(built.prefix_tokens.begin(), built.prefix_tokens.end());
  facts.prefix_tokens_max = *std::max_element(built.prefix_tokens.begin(), built.prefix_tokens.end());
  facts.block_size = f.kv_block_size;
  facts.block_size_source = f.kv_block_size_source;
  facts.cacheable_tokens =
      expected_cached_tokens(built.prefix_tokens, source.requests_per_group, facts.block_size);
  facts.prompt_tokens = prompt_tokens;
  if (prompt_tokens > 0) {
    facts.expected_prefix_hit_rate = double(facts.cacheable_tokens) / double(prompt_tokens);
  }
  return plan;
}

}  // namespace sonde
