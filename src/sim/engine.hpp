#pragma once
// A simulated vLLM V1 engine core: one scheduler step at a time in simulated time.
// Each step first serves the running requests in admission order (decodes, and prompts being
// prefilled in chunks), allocating KV blocks for the tokens they compute; when blocks run out
// it preempts the most recently admitted running request by recompute (its blocks are freed and
// it goes back to the front of the waiting queue). If nothing was preempted, it then admits
// waiting requests while the token budget (max_num_batched_tokens), max_num_seqs and KV blocks
// allow, reusing cached prefix blocks. With chunked prefill off a prompt is never split: one that
// does not fit the remaining budget blocks admission behind it for this step.
// With speculative decoding on (--speculative-tokens), a decode verifies a draft in the same
// step and yields 1 + the accepted draft tokens (sim/speculation.hpp).
// Pure logic, no I/O or real clock: the server paces it.
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "sim/cost_model.hpp"
#include "sim/kv_cache.hpp"
#include "sim/sim_config.hpp"

namespace sonde::sim {

struct EngineRequest {
  uint64_t id = 0;                     // caller-chosen unique id
  int64_t prompt_tokens = 1;           // tokens to prefill (>= 1)
  int64_t output_tokens = 1;           // tokens to generate before finishing (>= 1)
  std::vector<uint64_t> block_hashes;  // prompt_block_hashes of the prompt (empty: no reuse)
  bool stops_on_eos = false;           // finished_reason "stop" (EOS) rather than "length"
  double arrival_s = -1;               // simulated arrival time (s); < 0 = the engine's now
};

// Tokens one request received in a step; they become visible when the step ends.
struct TokenOutput {
  uint64_t id = 0;            // EngineRequest::id
  int64_t new_tokens = 0;     // tokens produced in this step
  int64_t total_tokens = 0;   // tokens produced so far, including these
  bool finished = false;      // total_tokens reached output_tokens; the request left the engine
  int64_t cached_tokens = 0;  // prompt tokens found in the prefix cache at first admission
};

// A request that left the engine, with its phase times for vLLM's histograms.
struct FinishedRequest {
  uint64_t id = 0;                // EngineRequest::id
  std::string reason;             // "stop" or "length"
  int64_t prompt_tokens = 0;      // prompt length (tokens)
  int64_t generation_tokens = 0;  // tokens generated (tokens)
  double arrival_s = 0;           // queued (simulated s)
  double scheduled_s = 0;         // first admitted (simulated s)
  double first_token_s = 0;       // first token produced (simulated s)
  double last_token_s = 0;        // last token produced = finished (simulated s)
};

struct StepOutcome {
  double start_s = 0;                     // simulated time the step began (s)
  double duration_s = 0;                  // simulated length of the step (s)
  StepShape shape;                        // what the step computed
  std::vector<TokenOutput> outputs;       // per request that produced tokens, in running order
  std::vector<double> ttft_s;             // time to first token of requests that got one (s)
  std::vector<double> itl_s;              // gaps since the previous token, per other output (s)
  std::vector<FinishedRequest> finished;  // requests that finished in this step
  int64_t preemptions = 0;                // requests preempted in this step
};

class Engine {
 public:
  explicit Engine(const SimConfig& config);

  // Queues a request; it is scheduled from the next step on.
  void add(EngineRequest request);
  // Drops a request wherever it is (client gone), freeing its blocks. Returns whether it was there.
  bool abort(uint64_t id);
  // Nothing running or waiting: no step to run.
  bool idle() const { return running_.empty() && waiting_.empty(); }
  // Schedules and executes one step; advances the simulated clock by its duration.
  StepOutcome step();
  // Lets idle time pass: the clock moves to t_s if that is later.
  void advance_to(double t_s);

  double now_s() const { return now_s_; }  // simulated clock (s)
  int64_t num_running() const { return static_cast<int64_t>(running_.size()); }
  int64_t num_waiting() const { return static_cast<int64_t>(waiting_.size()); }
  // Counters, gauges and KV figures as of now.
  SimStats counters() const;
  // Starts the peaks in counters() over from the current values.
  void reset_peaks();
  const SimConfig& config() const { return cfg_; }

 private:
  struct Seq {
    EngineRequest req;            // what was asked
    int64_t computed = 0;         // tokens whose KV is in the cache
    int64_t generated = 0;        // output tokens produced
    std::vector<int32_t> blocks;  // KV blocks held
    size_t registered = 0;        // leading prompt blocks made findable by hash
    int64_t preemptions = 0;      // times this request was preempted
    int64_t cached_tokens = 0;    // prefix-cache hit at first admission (vLLM num_cached_tokens)
    double scheduled_s = -1;      // first admission (simulated s)
    double first_token_s = -1;    // first token (simulated s)
    double last_token_s = -1;     // latest token (simulated s)
    int64_t num_tokens() const { return req.prompt_tokens + generated; }
    bool decoding() const { return generated > 0 && computed == num_tokens() - 1; }
  };
  struct Planned {
    size_t index = 0;    // into running_
    int64_t tokens = 0;  // tokens computed for it in this step
  };

  void schedule_running(int64_t& budget, std::vector<Planned>& plan, StepOutcome& out);
  void schedule_waiting(int64_t& budget, std::vector<Planned>& plan);
  void execute(const std::vector<Planned>& plan, StepOutcome& out);
  void emit(Seq& seq, int64_t tokens, StepOutcome& out);
  // Verifies a draft of `drafted` tokens (sim/speculation.hpp); counts it and returns how many
  // were accepted.
  int64_t speculate(const Seq& seq, int64_t drafted);
  void retire_finished(StepOutcome& out);
  void preempt_last(StepOutcome& out);
  void register_blocks(Seq& seq, int64_t upto_tokens);  // cache its full blocks below upto_tokens
  void update_peaks();

  SimConfig cfg_;
  KvCache kv_;
  std::vector<Seq> running_;  // admitted, in admission order
  std::deque<Seq> waiting_;   // not yet admitted or preempted; preempted ones in front
  double now_s_ = 0;
  SimStats counters_;    // the peaks live here too
  double accept_p_ = 0;  // per-position draft acceptance probability (speculative decoding)
};

}  // namespace sonde::sim
