#pragma once
// sonde's vLLM-compatible simulator: an HTTP server (Boost.Beast) that speaks vLLM's OpenAI API
// (docs/vllm-facts.md) with a simulated engine whose timing follows a physical model: a roofline
// step time from GPU and model profiles (data/profiles/*.json), a paged KV cache with prefix
// caching and preemption, and vLLM V1's scheduler.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sonde {

// Flags of `vllm serve` (same names, same defaults) plus the simulator's own.
struct SimOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8000;                                    // 0 = pick a free port
  std::string model = "meta-llama/Llama-3.1-8B-Instruct";  // --model (also /v1/models root)
  std::string served_model_name;                           // --served-model-name ("" = model)
  int64_t max_model_len = 32768;                           // --max-model-len (tokens)
  int max_num_seqs = 0;                 // --max-num-seqs; 0 = vLLM's default for the GPU
  int64_t max_num_batched_tokens = 0;   // --max-num-batched-tokens; 0 = vLLM's default
  int tensor_parallel_size = 1;         // --tensor-parallel-size
  double gpu_memory_utilization = 0.9;  // --gpu-memory-utilization (fraction of VRAM)
  int block_size = 16;                  // --block-size (tokens per KV block)
  bool enable_prefix_caching = true;    // --enable-prefix-caching / --no-...
  bool enable_chunked_prefill = true;   // --enable-chunked-prefill / --no-...
  std::string dtype = "auto";           // --dtype: auto|bfloat16|float16|half|float32
  std::string quantization;             // --quantization ("" = none): awq, gptq, fp8, ...
  std::string kv_cache_dtype = "auto";  // --kv-cache-dtype: auto|fp8|fp8_e4m3|fp8_e5m2
  // Simulator-only settings.
  std::string gpu = "h100";         // --gpu: GPU profile name
  int gpus = 0;                     // --gpus: visible virtual GPUs; 0 = tensor_parallel_size
  std::string model_profile;        // --model-profile; "" = inferred from model, else 8B
  std::string gpu_profile_file;     // --gpu-profile-file: JSON replacing the built-ins
  std::string model_profile_file;   // --model-profile-file: likewise for models
  std::string fitted_profile_file;  // --profile-file: a `sonde fit` profile.json whose GPU, model
                                    // and fitted parameters replace --gpu, --model-profile and
                                    // the GPU profile's efficiency figures ("" = none)
  double startup_s = 0;             // --startup-s: simulated model loading (real seconds)
  double speed = 1;                 // simulated time runs this many times faster
  int tokens_per_chunk = 1;         // tokens a decode step yields per request and chunk
                                    // (a fixed multi-token chunk; see speculative_tokens)
  int speculative_tokens = 0;       // --speculative-tokens: draft tokens verified per decode
                                    // step (0 = off); vLLM's num_speculative_tokens
  double acceptance_rate = 0.7;     // --acceptance-rate: mean accepted / drafted tokens (0..1)
  bool enable_prompt_tokens_details = false;  // --enable-prompt-tokens-details: usage's
                                              // prompt_tokens_details.cached_tokens, as vLLM
  int64_t reasoning_tokens = 0;               // --reasoning-tokens: a chat stream's first N tokens
                                              // are reasoning (delta.reasoning_content)
  bool emit_send_times = false;               // --emit-send-times: "sim_t_ns" (CLOCK_MONOTONIC ns
                                              // of the write) in every token chunk (sim/send_times)
  // Fault injection (sim/fault.hpp; also POST /admin/faults at run time).
  std::vector<std::string> faults;  // --fault specs "KIND:RATE[:after=N][:seconds=S]"
  uint64_t fault_seed = 0;          // --fault-seed: which requests the rates pick
  // --api-key (or VLLM_API_KEY) as vLLM: /v1/* then answers 401 without "Bearer <key>".
  std::string api_key;  // "" = no authentication
  // Called on the io thread once an injected engine death has stopped the server (`sonde sim`
  // then exits like a dead vLLM; in-process the server just stops serving). May be empty.
  std::function<void()> on_engine_death;
};

// Counters of the simulated engine since start (also exposed on /metrics).
struct SimStats {
  int64_t prompt_tokens_total = 0;         // prompt tokens of requests that got a first token
  int64_t generation_tokens_total = 0;     // output tokens generated (tokens)
  int64_t requests_finished_total = 0;     // requests that ended with stop or length
  int64_t requests_aborted_total = 0;      // requests dropped because the client went away
  int64_t num_requests_running = 0;        // admitted requests (prefilling or decoding) now
  int64_t num_requests_waiting = 0;        // requests queued (not admitted or preempted) now
  int64_t engine_steps_total = 0;          // engine steps executed
  double simulated_time_s = 0;             // simulated engine clock (s)
  int64_t num_preemptions_total = 0;       // running requests preempted (recompute) for KV blocks
  int64_t prefix_cache_queries_total = 0;  // prompt tokens looked up in the prefix cache
  int64_t prefix_cache_hits_total = 0;     // of those, tokens found cached (not recomputed)
  double kv_cache_usage = 0;               // fraction of KV blocks in use now (0..1)
  int64_t kv_cache_capacity_tokens = 0;    // KV cache size: num_gpu_blocks x block_size (tokens)
  int64_t num_gpu_blocks = 0;              // KV blocks in the pool
  // Highest values since the last reset_peaks() (sonde sim's own gauges, between the samples
  // a poller would take): KV usage inside a step, before finished requests free their blocks.
  double kv_cache_usage_peak = 0;         // fraction (0..1)
  int64_t num_requests_running_peak = 0;  // requests
  int64_t num_requests_waiting_peak = 0;  // requests
  // Speculative decoding (vLLM's vllm:spec_decode_* counters; all 0 when it is off).
  int64_t spec_decode_drafts_total = 0;               // drafts verified
  int64_t spec_decode_draft_tokens_total = 0;         // draft tokens proposed
  int64_t spec_decode_accepted_tokens_total = 0;      // of those, accepted
  std::vector<int64_t> spec_decode_accepted_per_pos;  // accepted at draft position k (K long)
};

// Why the configuration cannot start, as vLLM would fail.
struct StartupFailure {
  std::string kind;                     // oom_startup | kv_cache_insufficient | no_cache_memory |
                                        // invalid_config (sweep's failure kinds)
  std::vector<std::string> log_lines;   // what vLLM prints (the error lines), without prefixes
  int64_t estimated_max_model_len = 0;  // kv_cache_insufficient: the length that would fit
};

// Checks the options like vLLM's start-up does (TP vs GPUs, scheduler limits, weights vs VRAM,
// KV cache vs max-model-len). Throws sonde::UsageError for unknown profile names or bad values.
std::optional<StartupFailure> validate_startup(const SimOptions& options);

// vLLM-like start-up log lines (each ending in '\n') for `sonde sim` to print, in three parts:
// the head (version, args), the engine lines after model loading (memory, KV cache size,
// maximum concurrency) and the API server lines once bound. sim_startup_banner is all three.
std::string sim_banner_head(const SimOptions& options);
std::string sim_banner_engine(const SimOptions& options);
std::string sim_banner_api(const SimOptions& options, uint16_t port);
std::string sim_startup_banner(const SimOptions& options, uint16_t port);
// The failure as vLLM logs it (ERROR lines, the exception, "Engine core initialization failed").
std::string sim_failure_text(const StartupFailure& failure);

class SimServer {
 public:
  explicit SimServer(SimOptions options);
  ~SimServer();  // stops the server if running
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // Validates (validate_startup), binds and starts serving on background threads. Throws
  // sonde::Error if the configuration cannot start (the vLLM error text) or cannot bind.
  void start();
  // The bound port (after start()).
  uint16_t port() const;
  // Stops accepting, closes connections, joins threads. Idempotent.
  void stop();
  // Blocks until stop() is called from another thread or a signal handler.
  void wait();
  // A snapshot of the engine's counters; safe to call from any thread.
  SimStats stats() const;
  // True once an injected engine death stopped the server; safe from any thread.
  bool engine_dead() const;
  // GET /admin/faults' body (configured faults, injections per kind); safe from any thread,
  // also after the server stopped (a dead engine's last word for tests).
  std::string fault_status() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sonde
