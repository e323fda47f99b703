#include "sim/engine.hpp"

#include <algorithm>

#include "sim/speculation.hpp"

namespace sonde::sim {

Engine::Engine(const SimConfig& config)
    : cfg_(config),
      kv_(config.num_gpu_blocks, config.options.block_size, config.options.enable_prefix_caching),
      accept_p_(per_position_acceptance(config.options.speculative_tokens,
                                        config.options.acceptance_rate)) {
  counters_.spec_decode_accepted_per_pos.assign(
      static_cast<size_t>(std::max(0, config.options.speculative_tokens)), 0);
}

void Engine::add(EngineRequest request) {
  Seq seq;
  seq.req = std::move(request);
  seq.req.prompt_tokens = std::max<int64_t>(1, seq.req.prompt_tokens);
  seq.req.output_tokens = std::max<int64_t>(1, seq.req.output_tokens);
  if (seq.req.arrival_s < 0) seq.req.arrival_s = now_s_;
  waiting_.push_back(std::move(seq));
  update_peaks();
}

bool Engine::abort(uint64_t id) {
  const auto match = [id](const Seq& s) { return s.req.id == id; };
  if (auto it = std::find_if(running_.begin(), running_.end(), match); it != running_.end()) {
    kv_.free(it->blocks);
    running_.erase(it);
  } else if (auto w = std::find_if(waiting_.begin(), waiting_.end(), match); w != waiting_.end()) {
    kv_.free(w->blocks);
    waiting_.erase(w);
  } else {
    return false;
  }
  ++counters_.requests_aborted_total;
  return true;
}

void Engine::advance_to(double t_s) { now_s_ = std::max(now_s_, t_s); }

StepOutcome Engine::step() {
  StepOutcome out;
  out.start_s = now_s_;
  int64_t budget = cfg_.options.max_num_batched_tokens;
  std::vector<Planned> plan;
  schedule_running(budget, plan, out);
  // As in vLLM V1, a step that had to preempt admits nobody new.
  if (out.preemptions == 0) schedule_waiting(budget, plan);
  execute(plan, out);
  update_peaks();  // the step's blocks are all held here; retiring frees some
  retire_finished(out);
  ++counters_.engine_steps_total;
  counters_.simulated_time_s = now_s_;
  return out;
}

void Engine::schedule_running(int64_t& budget, std::vector<Planned>& plan, StepOutcome& out) {
  const int64_t k = std::max(1, cfg_.options.tokens_per_chunk);
  const int64_t spec = cfg_.options.speculative_tokens;
  for (size_t i = 0; i < running_.size() && budget > 0; ++i) {
    Seq& s = running_[i];
    const int64_t left = s.req.output_tokens - s.generated;
    // Speculating, a decode verifies its last token and a draft of up to `spec` more (never
    // past max_tokens); otherwise it yields tokens_per_chunk tokens.
    int64_t n = !s.decoding() ? s.num_tokens() - s.computed
                : spec > 0    ? 1 + std::min(spec, left - 1)
                              : std::min(k, left);
    n = std::min(n, budget);
    bool allocated = false;
    while (!(allocated = kv_.allocate(s.blocks, {}, s.computed + n))) {
      const bool itself = i + 1 == running_.size();
      preempt_last(out);  // never an earlier (already planned) request: i is not the last
      if (itself) break;
    }
    if (!allocated) break;
    register_blocks(s, s.computed + n);
    plan.push_back({i, n});
    budget -= n;
  }
}

void Engine::schedule_waiting(int64_t& budget, std::vector<Planned>& plan) {
  const auto& o = cfg_.options;
  while (!waiting_.empty() && budget > 0 &&
         running_.size() < static_cast<size_t>(std::max(1, o.max_num_seqs))) {
    Seq& s = waiting_.front();
    const auto cached = kv_.match_prefix(s.req.block_hashes, s.num_tokens());
    const int64_t hit = static_cast<int64_t>(cached.size()) * o.block_size;
    int64_t n = s.num_tokens() - hit;
    if (!o.enable_chunked_prefill && n > budget) break;  // head-of-line blocking
    n = std::min(n, budget);
    if (!kv_.allocate(s.blocks, cached, hit + n)) break;
    if (s.preemptions == 0 && o.enable_prefix_caching) {
      counters_.prefix_cache_queries_total += s.req.prompt_tokens;
      counters_.prefix_cache_hits_total += hit;
    }
    // As vLLM's Request.num_cached_tokens: set once, at the first admission, so that the
    // per-request figures add up to the hits counter above (a recompute does not count again).
    if (s.preemptions == 0) s.cached_tokens = hit;
    s.computed = hit;
    s.registered = cached.size();
    register_blocks(s, hit + n);
    if (s.scheduled_s < 0) s.scheduled_s = now_s_;
    running_.push_back(std::move(s));
    waiting_.pop_front();
    plan.push_back({running_.size() - 1, n});
    budget -= n;
  }
}

void Engine::execute(const std::vector<Planned>& plan, StepOutcome& out) {
  std::vector<bool> decoding;
  for (const auto& p : plan) {
    const Seq& s = running_[p.index];
    decoding.push_back(s.decoding());
    add_tokens(out.shape, s.computed, p.tokens, s.decoding());
  }
  out.duration_s = step_duration_s(cfg_, out.shape);
  now_s_ += out.duration_s;
  for (size_t j = 0; j < plan.size(); ++j) {
    Seq& s = running_[plan[j].index];
    if (decoding[j] && cfg_.options.speculative_tokens > 0) {
      // The rejected draft tokens' KV is discarded: only the accepted ones and the bonus stay.
      const int64_t gained = 1 + speculate(s, plan[j].tokens - 1);
      s.computed += gained;
      emit(s, gained, out);
      continue;
    }
    s.computed += plan[j].tokens;
    // A decode yields the tokens it computed; a prefill yields one once the sequence is done.
    if (decoding[j]) {
      emit(s, plan[j].tokens, out);
    } else if (s.computed == s.num_tokens()) {
      emit(s, 1, out);
    }
  }
}

int64_t Engine::speculate(const Seq& s, int64_t drafted) {
  if (drafted <= 0) return 0;
  const int64_t accepted = draw_accepted(accept_p_, drafted, s.req.id, s.generated);
  ++counters_.spec_decode_drafts_total;
  counters_.spec_decode_draft_tokens_total += drafted;
  counters_.spec_decode_accepted_tokens_total += accepted;
  for (int64_t i = 0; i < accepted; ++i) ++counters_.spec_decode_accepted_per_pos[size_t(i)];
  return accepted;
}

void Engine::emit(Seq& s, int64_t tokens, StepOutcome& out) {
  s.generated += tokens;
  if (s.first_token_s < 0) {
    s.first_token_s = now_s_;
    out.ttft_s.push_back(now_s_ - s.req.arrival_s);
    // vLLM counts a prompt once, when its first token comes (recomputation is not counted).
    counters_.prompt_tokens_total += s.req.prompt_tokens;
  } else {
    out.itl_s.push_back(now_s_ - s.last_token_s);
  }
  s.last_token_s = now_s_;
  counters_.generation_tokens_total += tokens;
  out.outputs.push_back(
      {s.req.id, tokens, s.generated, s.generated >= s.req.output_tokens, s.cached_tokens});
}

void Engine::retire_finished(StepOutcome& out) {
  auto keep = running_.begin();
  for (auto it = running_.begin(); it != running_.end(); ++it) {
    if (it->generated < it->req.output_tokens) {
      if (keep != it) *keep = std::move(*it);
      ++keep;
      continue;
    }
    kv_.free(it->blocks);
    out.finished.push_back({it->req.id, it->req.stops_on_eos ? "stop" : "length",
                            it->req.prompt_tokens, it->generated, it->req.arrival_s,
                            it->scheduled_s, it->first_token_s, it->last_token_s});
    ++counters_.requests_finished_total;
  }
  running_.erase(keep, running_.end());
}

void Engine::preempt_last(StepOutcome& out) {
  Seq s = std::move(running_.back());
  running_.pop_back();
  kv_.free(s.blocks);
  s.computed = 0;
  s.registered = 0;
  ++s.preemptions;
  waiting_.push_front(std::move(s));
  ++out.preemptions;
  ++counters_.num_preemptions_total;
}

// As vLLM V1's KVCacheManager.allocate_slots: the full blocks a step will compute are cached
// when they are allocated, so a request admitted later in the same step already finds them
// (the step writes their KV before any attention reads it).
void Engine::register_blocks(Seq& s, int64_t upto_tokens) {
  const auto& hashes = s.req.block_hashes;
  const auto bs = static_cast<int64_t>(cfg_.options.block_size);
  while (s.registered < hashes.size() && s.registered < s.blocks.size() &&
         static_cast<int64_t>(s.registered + 1) * bs <= upto_tokens) {
    kv_.cache_block(s.blocks[s.registered], hashes[s.registered]);
    ++s.registered;
  }
}

void Engine::update_peaks() {
  counters_.kv_cache_usage_peak = std::max(counters_.kv_cache_usage_peak, kv_.usage());
  counters_.num_requests_running_peak = std::max(counters_.num_requests_running_peak, num_running());
  counters_.num_requests_waiting_peak = std::max(counters_.num_requests_waiting_peak, num_waiting());
}

void Engine::reset_peaks() {
  counters_.kv_cache_usage_peak = kv_.usage();
  counters_.num_requests_running_peak = num_running();
  counters_.num_requests_waiting_peak = num_waiting();
}

SimStats Engine::counters() const {
  SimStats s = counters_;
  s.num_requests_running = num_running();
  s.num_requests_waiting = num_waiting();
  s.kv_cache_usage = kv_.usage();
  s.num_gpu_blocks = kv_.num_blocks();
  s.kv_cache_capacity_tokens = kv_.num_blocks() * kv_.block_size();
  s.simulated_time_s = now_s_;
  return s;
}

}  // namespace sonde::sim
