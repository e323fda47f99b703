#include "runner/conversation_exec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>

#include "runner/conversation_plan.hpp"
#include "workload/prompt_batch.hpp"

namespace sonde {

DispatchPlan prepare_conversation(RequestFactory& f, const ScenarioSpec& spec,
                                  const ConversationSource& source, PromptCalibration& cal,
                                  double time_scale, std::vector<PreparedRequest>& planned,
                                  uint64_t& seed) {
  cal = PromptCalibration{};
  cal.target_tokens = source.user_len;
  const int calls_before = f.counter.calls();
  const int messages = source.users * source.turns;
  // Numbered with the session's other prompts and tagged with the run's prompt id, as
  // make_prompt_batch's: no two messages share a first KV block, so sessions share nothing.
  PromptBatchOptions options;
  options.nonce_tag = fmt::format(" [doc {}]", f.run_id);
  const TokenCounter count = [&](const std::string& text) { return f.counter.count(text); };
  const PromptBatch batch = make_prompt_batch(
      f.prompts, source.user_len, messages, stable_hash(f.run_id), f.nonce_counter, count, options);
  f.nonce_counter += static_cast<uint64_t>(messages);

  ConversationSetup setup;
  setup.source = source;
  setup.scenario = spec.name;
  setup.run_id = f.run_id;
  setup.endpoint = f.endpoint;
  setup.model = f.model;
  setup.params = f.params;
  setup.params.max_tokens = source.output_len;
  for (std::size_t i = 0; i < batch.prompts.size(); ++i) {
    const Prompt& prompt = batch.prompts[i];
    cal.min_tokens = i == 0 ? prompt.tokens : std::min(cal.min_tokens, prompt.tokens);
    cal.max_tokens = std::max(cal.max_tokens, prompt.tokens);
    cal.max_error_pct =
        std::max(cal.max_error_pct, 100.0 * std::abs(double(prompt.tokens - source.user_len)) /
                                        double(source.user_len));
    setup.user.push_back(prompt.text);
  }
  seed = f.seed ^ stable_hash(spec.name);
  setup.seed = seed;
  setup.time_scale = time_scale;
  cal.method = f.counter.method();
  cal.tokenizer_calls = f.counter.calls() - calls_before;

  const auto conversations = std::make_shared<Conversations>(std::move(setup));
  planned = conversations->planned();
  return Conversations::dispatch_plan(conversations);
}

}  // namespace sonde
