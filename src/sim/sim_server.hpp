#pragma once
// sonde's vLLM-compatible simulator: an HTTP server (Boost.Beast) that speaks vLLM's OpenAI API
// (VLLM-FACTS.md) with a simulated engine whose timing follows a physical model.
#include <cstdint>
#include <memory>
#include <string>

namespace sonde {

struct SimOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8000;                    // 0 = pick a free port
  std::string model = "meta-llama/Llama-3.1-8B-Instruct";  // --model (also /v1/models root)
  std::string served_model_name;           // --served-model-name ("" = model)
  int64_t max_model_len = 32768;           // --max-model-len
  int max_num_seqs = 256;                  // --max-num-seqs
  int64_t max_num_batched_tokens = 8192;   // --max-num-batched-tokens
  double speed = 1;                        // simulated time runs this many times faster
  // Physical model (first version): prefill throughput and per-step decode cost.
  double prefill_tokens_per_s = 20000;     // prompt tokens the engine prefills per second
  double decode_step_base_ms = 6;          // decode cost of a step with one running request
                                           // (plus step_overhead_ms: ~8 ms per token at batch 1)
  double decode_step_per_seq_ms = 0.35;    // extra per additional running request
  double step_overhead_ms = 2;             // fixed cost of every engine step (scheduling, launch)
  int tokens_per_chunk = 1;                // tokens a decode step yields per request and chunk
                                           // (>1 mimics speculative decoding)
};

// Counters of the simulated engine since start (later exposed as /metrics).
struct SimStats {
  int64_t prompt_tokens_total = 0;      // prompt tokens prefilled (tokens)
  int64_t generation_tokens_total = 0;  // output tokens generated (tokens)
  int64_t requests_finished_total = 0;  // requests that ended with stop or length
  int64_t requests_aborted_total = 0;   // requests dropped because the client went away
  int64_t num_requests_running = 0;     // admitted requests (prefilling or decoding) now
  int64_t num_requests_waiting = 0;     // requests queued behind max_num_seqs now
  int64_t engine_steps_total = 0;       // engine steps executed
  double simulated_time_s = 0;          // simulated engine clock (s)
};

// vLLM-like start-up log lines (several lines, each ending in '\n') for `sonde sim` to print.
std::string sim_startup_banner(const SimOptions& options, uint16_t port);

class SimServer {
 public:
  explicit SimServer(SimOptions options);
  ~SimServer();  // stops the server if running
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // Binds and starts serving on background threads. Throws sonde::Error if it cannot bind.
  void start();
  // The bound port (after start()).
  uint16_t port() const;
  // Stops accepting, closes connections, joins threads. Idempotent.
  void stop();
  // Blocks until stop() is called from another thread or a signal handler.
  void wait();
  // A snapshot of the engine's counters; safe to call from any thread.
  SimStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sonde
