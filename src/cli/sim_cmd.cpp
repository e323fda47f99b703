// `sonde sim`: the vLLM-compatible simulator as a standalone server, flags named as `vllm serve`.
#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <ctime>
#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/human_int.hpp"
#include "sim/fault.hpp"
#include "sim/sim_server.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

struct SimFlags {
  SimOptions options;
  std::string model_positional;
  std::string max_model_len;
  std::string max_num_batched_tokens;
};

// Waits `seconds` for SIGINT/SIGTERM (blocked in `set`); true if one came.
bool signalled_within(const sigset_t& set, double seconds) {
  if (seconds <= 0) return false;
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(seconds);
  ts.tv_nsec = static_cast<long>((seconds - std::floor(seconds)) * 1e9);
  while (true) {
    const int sig = sigtimedwait(&set, nullptr, &ts);
    if (sig > 0) return true;
    if (errno != EINTR) return false;  // EAGAIN: the time is up
  }
}

int sim_action(SimFlags& f) {
  SimOptions o = f.options;
  if (!f.model_positional.empty()) o.model = f.model_positional;
  if (!f.max_model_len.empty())
    o.max_model_len = parse_human_int(f.max_model_len, "--max-model-len");
  if (!f.max_num_batched_tokens.empty()) {
    o.max_num_batched_tokens =
        parse_human_int(f.max_num_batched_tokens, "--max-num-batched-tokens");
  }
  if (o.served_model_name.empty()) o.served_model_name = o.model;
  if (o.api_key.empty()) {
    if (const char* key = std::getenv("VLLM_API_KEY"); key != nullptr) o.api_key = key;
  }
  if (o.max_num_seqs < 0) throw UsageError("--max-num-seqs: must be >= 1");
  if (o.max_model_len < 16) throw UsageError("--max-model-len: must be >= 16 tokens");
  for (const auto& spec : o.faults) (void)sim::parse_fault_spec(spec);  // exit 2 before binding
  // An injected engine death ends the process like a dead vLLM: wake the sigwait below.
  o.on_engine_death = [] { kill(getpid(), SIGTERM); };

  // Block the stop signals in every thread; this one waits for them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  fmt::print(stderr, "{}", sim_banner_head(o));  // also rejects unknown profiles (exit 2)
  std::fflush(stderr);
  // Simulated model loading: like vLLM, nothing listens until the engine is ready.
  if (signalled_within(set, o.startup_s)) {
    fmt::print(stderr, "INFO:     Shutting down\n");
    return 0;
  }
  if (const auto failure = validate_startup(o)) {
    fmt::print(stderr, "{}", sim_failure_text(*failure));
    return 1;
  }
  fmt::print(stderr, "{}", sim_banner_engine(o));
  std::fflush(stderr);
  SimServer server(o);
  server.start();
  fmt::print(stderr, "{}", sim_banner_api(o, server.port()));
  std::fflush(stderr);
  int sig = 0;
  sigwait(&set, &sig);
  // What was injected, for tests that cannot ask /admin/faults once the server is gone.
  if (!o.faults.empty())
    fmt::print(stderr, "INFO:     sonde sim faults: {}\n", server.fault_status());
  if (server.engine_dead()) {
    fmt::print(stderr,
               "ERROR [core.py] EngineCore encountered a fatal error.\n"
               "ERROR [async_llm.py] AsyncLLM output_handler failed.\n"
               "vllm.v1.engine.exceptions.EngineDeadError: {}\n"
               "INFO:     Shutting down\n",
               sim::kEngineDeadMessage);
    server.stop();
    return 1;
  }
  fmt::print(stderr, "INFO:     Shutting down\n");
  server.stop();
  return 0;
}

void add_engine_flags(CLI::App* cmd, SimFlags& f) {
  SimOptions& o = f.options;
  cmd->add_option("--max-model-len", f.max_model_len, "Context length, e.g. 32768 or 32k");
  cmd->add_option("--max-num-seqs", o.max_num_seqs,
                  "Most requests running at once (default: 1024 on >= 70 GiB GPUs other than "
                  "A100, else 256)");
  cmd->add_option("--max-num-batched-tokens", f.max_num_batched_tokens,
                  "Token budget per engine step (default: 8192 on >= 70 GiB GPUs other than "
                  "A100, else 2048; at least --max-model-len with chunked prefill off)");
  cmd->add_option("--tensor-parallel-size", o.tensor_parallel_size, "GPUs one model is split over")
      ->capture_default_str();
  cmd->add_option("--gpu-memory-utilization", o.gpu_memory_utilization,
                  "Fraction of each GPU's memory vLLM may use")
      ->capture_default_str();
  cmd->add_option("--block-size", o.block_size, "Tokens per KV-cache block")->capture_default_str();
  cmd->add_flag("--enable-prefix-caching,!--no-enable-prefix-caching", o.enable_prefix_caching,
                "Reuse KV blocks of repeated prompt prefixes (default on)");
  cmd->add_flag("--enable-chunked-prefill,!--no-enable-chunked-prefill", o.enable_chunked_prefill,
                "Split long prompts across steps (default on)");
  cmd->add_option("--dtype", o.dtype, "auto, bfloat16, float16, half or float32")->capture_default_str();
  cmd->add_option("--quantization", o.quantization,
                  "Weight quantization: awq, gptq, awq_marlin, gptq_marlin, compressed-tensors, "
                  "bitsandbytes, gguf (4-bit), fp8, mxfp4");
  cmd->add_option("--kv-cache-dtype", o.kv_cache_dtype, "auto or fp8 (fp8_e4m3, fp8_e5m2)")
      ->capture_default_str();
}

void add_profile_flags(CLI::App* cmd, SimOptions& o) {
  cmd->add_option("--gpu", o.gpu, "GPU profile: h100, h200, a100-80g, a100-40g, l40s, l4, a10")
      ->capture_default_str();
  cmd->add_option("--gpus", o.gpus, "Visible virtual GPUs (default: --tensor-parallel-size)");
  cmd->add_option("--model-profile", o.model_profile,
                  "Model profile: llama-3.1-8b, llama-3.1-70b, qwen2.5-7b, qwen2.5-32b, "
                  "mistral-7b (default: inferred from --model, else llama-3.1-8b)");
  cmd->add_option("--gpu-profile-file", o.gpu_profile_file,
                  "JSON file of GPU profiles (shape of data/profiles/gpus.json)");
  cmd->add_option("--model-profile-file", o.model_profile_file,
                  "JSON file of model profiles (shape of data/profiles/models.json)");
  cmd->add_option("--profile-file", o.fitted_profile_file,
                  "A fitted profile written by `sonde fit`: its GPU, model profile and fitted "
                  "parameters (overheads, efficiencies, KV-cache size) replace the built-in ones");
  cmd->add_option("--startup-s", o.startup_s,
                  "Seconds of simulated model loading before the server listens")
      ->capture_default_str();
}

}  // namespace

Action add_sim_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "sim", "Serve the built-in vLLM simulator (OpenAI API, vLLM's formats) until SIGINT/SIGTERM");
  auto f = std::make_shared<SimFlags>();
  SimOptions& o = f->options;
  cmd->add_option("model", f->model_positional, "Model name, as `vllm serve MODEL`");
  cmd->add_option("--host", o.host, "Address to bind")->capture_default_str();
  cmd->add_option("--port", o.port, "Port to bind (0 = any free port)")->capture_default_str();
  cmd->add_option("--speed", o.speed, "Simulated time runs this many times faster than real time")
      ->capture_default_str();
  cmd->add_option("--model", o.model, "Model name (also /v1/models root)")->capture_default_str();
  cmd->add_option("--served-model-name", o.served_model_name, "Name clients use (default: --model)");
  cmd->add_flag("--emit-send-times", o.emit_send_times,
                "Add \"sim_t_ns\" (CLOCK_MONOTONIC ns when the bytes were written) to every token "
                "chunk, so a client on this host can measure its own receive delay (bench/)");
  cmd->add_option("--reasoning-tokens", o.reasoning_tokens,
                  "Act as a reasoning model: a streamed chat answer's first N tokens are "
                  "reasoning (delta.reasoning_content), counted in completion_tokens and "
                  "max_tokens, as vLLM with a reasoning parser")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--speculative-tokens", o.speculative_tokens,
                  "Speculative decoding: verify a draft of K tokens per decode step, so a chunk "
                  "carries 1 + the accepted tokens; exports vllm:spec_decode_* (0 = off)")
      ->capture_default_str();
  cmd->add_option("--acceptance-rate", o.acceptance_rate,
                  "Mean share of draft tokens accepted (accepted / drafted, as vLLM reports it), "
                  "0..1; positions are accepted in order up to the first rejection")
      ->capture_default_str();
  cmd->add_flag("--enable-prompt-tokens-details", o.enable_prompt_tokens_details,
                "Report usage.prompt_tokens_details.cached_tokens (prompt tokens served from the "
                "prefix cache) in the final usage, as vLLM with this flag");
  add_engine_flags(cmd, *f);
  add_profile_flags(cmd, o);
  cmd->add_option("--fault", o.faults,
                  "Inject a fault, KIND:RATE[:after=N][:seconds=S] (repeatable; also POST "
                  "/admin/faults). KIND: http_500, http_429, http_400, "
                  "disconnect_before_first_token, disconnect_mid_stream, stall_mid_stream, "
                  "malformed_chunk, no_done, no_usage, error_event, slow_headers, engine_death")
      ->allow_extra_args(false);  // one spec per --fault: a positional MODEL may follow
  cmd->add_option("--fault-seed", o.fault_seed, "Seed of the per-request fault draws")
      ->capture_default_str();
  cmd->add_option(
      "--api-key", o.api_key,
      "Require \"Authorization: Bearer KEY\" on /v1/* like vLLM (default: $VLLM_API_KEY)");
  return [f] { return sim_action(*f); };
}

}  // namespace sonde
