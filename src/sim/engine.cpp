#include "sim/engine.hpp"

#include <algorithm>

namespace sonde::sim {

Engine::Engine(const SimOptions& options) : options_(options) {}

void Engine::add(const EngineRequest& request) {
  Seq seq;
  seq.req = request;
  seq.req.prompt_tokens = std::max<int64_t>(1, request.prompt_tokens);
  seq.req.output_tokens = std::max<int64_t>(1, request.output_tokens);
  waiting_.push_back(seq);
}

bool Engine::abort(uint64_t id) {
  const auto match = [id](const Seq& s) { return s.req.id == id; };
  if (auto it = std::find_if(running_.begin(), running_.end(), match); it != running_.end()) {
    running_.erase(it);
  } else if (auto w = std::find_if(waiting_.begin(), waiting_.end(), match); w != waiting_.end()) {
    waiting_.erase(w);
  } else {
    return false;
  }
  ++counters_.requests_aborted_total;
  return true;
}

int64_t Engine::prefill(Seq& seq, int64_t budget, StepOutcome& out) {
  const int64_t chunk = std::min(seq.req.prompt_tokens - seq.prefilled, budget);
  seq.prefilled += chunk;
  out.shape.prefill_tokens += chunk;
  if (seq.prefilled == seq.req.prompt_tokens) {
    // The forward pass that completes the prompt also samples the first output token.
    seq.generated = 1;
    out.outputs.push_back({seq.req.id, 1, 1, seq.req.output_tokens <= 1});
  }
  return chunk;
}

StepOutcome Engine::step() {
  StepOutcome out;
  int64_t budget = options_.max_num_batched_tokens;
  const int64_t k = std::max(1, options_.tokens_per_chunk);
  // Running requests first (V1 order): decodes, and prompts partially prefilled earlier.
  for (auto& seq : running_) {
    if (budget <= 0) break;
    if (seq.prefilled < seq.req.prompt_tokens) {
      budget -= prefill(seq, budget, out);
      continue;
    }
    const int64_t n = std::min({k, seq.req.output_tokens - seq.generated, budget});
    seq.generated += n;
    budget -= n;
    ++out.shape.decode_seqs;
    out.shape.decode_tokens += n;
    out.outputs.push_back({seq.req.id, n, seq.generated, seq.generated >= seq.req.output_tokens});
  }
  // Then admit waiting requests while there is budget and a free slot.
  while (budget > 0 && !waiting_.empty() &&
         num_running() < std::max(1, options_.max_num_seqs)) {
    running_.push_back(waiting_.front());
    waiting_.pop_front();
    budget -= prefill(running_.back(), budget, out);
  }
  // Requests that reached their length (TokenOutput::finished) leave at the end of the step.
  const auto done = std::remove_if(running_.begin(), running_.end(), [](const Seq& s) {
    return s.generated >= s.req.output_tokens;
  });
  counters_.requests_finished_total += std::distance(done, running_.end());
  running_.erase(done, running_.end());

  out.duration_s = step_duration_s(options_, out.shape);
  now_s_ += out.duration_s;
  counters_.prompt_tokens_total += out.shape.prefill_tokens;
  for (const auto& o : out.outputs) counters_.generation_tokens_total += o.new_tokens;
  ++counters_.engine_steps_total;
  counters_.simulated_time_s = now_s_;
  return out;
}

}  // namespace sonde::sim
