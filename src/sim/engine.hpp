#pragma once
// A simulated vLLM V1 engine core: one scheduler step at a time in simulated time. Each step
// first lets every running request whose prefill is done decode, then spends what is left of
// max_num_batched_tokens on prefill chunks (chunked prefill), admitting waiting requests while
// fewer than max_num_seqs run. Pure logic, no I/O or real clock: the server paces it.
#include <cstdint>
#include <deque>
#include <vector>

#include "sim/cost_model.hpp"
#include "sim/sim_server.hpp"

namespace sonde::sim {

struct EngineRequest {
  uint64_t id = 0;             // caller-chosen unique id
  int64_t prompt_tokens = 1;   // tokens to prefill (>= 1)
  int64_t output_tokens = 1;   // tokens to generate before finishing (>= 1)
};

// Tokens one request received in a step; they become visible when the step ends.
struct TokenOutput {
  uint64_t id = 0;          // EngineRequest::id
  int64_t new_tokens = 0;   // tokens produced in this step
  int64_t total_tokens = 0; // tokens produced so far, including these
  bool finished = false;    // total_tokens reached output_tokens; the request left the engine
};

struct StepOutcome {
  double duration_s = 0;            // simulated length of the step (s)
  StepShape shape;                  // what the step did
  std::vector<TokenOutput> outputs; // per request that produced tokens, in running order
};

class Engine {
 public:
  explicit Engine(const SimOptions& options);

  // Queues a request; it is scheduled from the next step on.
  void add(const EngineRequest& request);
  // Drops a request wherever it is (client gone). Returns whether it was there.
  bool abort(uint64_t id);
  // Nothing running or waiting: no step to run.
  bool idle() const { return running_.empty() && waiting_.empty(); }
  // Schedules and executes one step; advances the simulated clock by its duration.
  StepOutcome step();

  double now_s() const { return now_s_; }              // simulated clock (s)
  int64_t num_running() const { return static_cast<int64_t>(running_.size()); }
  int64_t num_waiting() const { return static_cast<int64_t>(waiting_.size()); }
  const SimStats& counters() const { return counters_; }  // running/waiting fields unset

 private:
  struct Seq {
    EngineRequest req;       // what was asked
    int64_t prefilled = 0;   // prompt tokens already prefilled
    int64_t generated = 0;   // output tokens produced
  };
  // Prefills up to `budget` tokens of seq; emits its first token if the prompt completes.
  int64_t prefill(Seq& seq, int64_t budget, StepOutcome& out);

  SimOptions options_;
  std::vector<Seq> running_;  // admitted, in admission order
  std::deque<Seq> waiting_;   // not yet admitted, FCFS
  double now_s_ = 0;
  SimStats counters_;
};

}  // namespace sonde::sim
