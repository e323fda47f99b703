#include "runner/scenario_exec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "workload/arrivals.hpp"

namespace sonde {

DispatchPlan prepare_scenario(RequestFactory& f, const ScenarioSpec& spec,
                              PromptCalibration& cal, double time_scale) {
  DispatchPlan plan;
  cal = PromptCalibration{};
  cal.target_tokens = spec.input_len;
  const int calls_before = f.counter.calls();
  std::vector<double> arrivals;
  if (spec.load == LoadShape::rate) {
    arrivals = poisson_arrivals(spec.requests, spec.request_rate, f.seed ^ std::hash<std::string>{}(spec.name));
  }
  GenerationParams params = f.params;
  params.max_tokens = spec.output_len;
  std::optional<Prompt> shared;  // repeat_prompt: one prompt for every request, on purpose
  for (int i = 0; i < spec.requests; ++i) {
    if (!shared || !spec.repeat_prompt) {
      const uint64_t n = f.nonce_counter++;
      const std::string nonce = fmt::format("[doc {}-{:04x}]", f.run_id, n);
      shared = f.prompts.make(spec.input_len, nonce, [&](const std::string& text) {
        return f.counter.count(text);
      });
    }
    const Prompt& prompt = *shared;
    cal.min_tokens = i == 0 ? prompt.tokens : std::min(cal.min_tokens, prompt.tokens);
    cal.max_tokens = std::max(cal.max_tokens, prompt.tokens);
    cal.max_error_pct = std::max(
        cal.max_error_pct,
        100.0 * std::abs(double(prompt.tokens - spec.input_len)) / double(spec.input_len));

    PreparedRequest r;
    r.scenario = spec.name;
    r.index = i;
    r.x_request_id = fmt::format("sonde-{}-{}-{}", f.run_id, spec.name, i);
    r.body = request_body(f.endpoint, f.model, prompt.text, params);
    r.input_tokens_target = spec.input_len;
    r.output_tokens_target = spec.output_len;
    switch (spec.load) {
      case LoadShape::burst: r.round = i / spec.concurrency; break;
      case LoadShape::closed: r.round = 0; break;
      case LoadShape::rate: r.intended_offset_s = arrivals[i] / time_scale; break;
    }
    plan.requests.push_back(std::move(r));
  }
  plan.max_in_flight = spec.load == LoadShape::rate ? spec.max_concurrency : spec.concurrency;
  cal.method = f.counter.method();
  cal.tokenizer_calls = f.counter.calls() - calls_before;
  return plan;
}

}  // namespace sonde
