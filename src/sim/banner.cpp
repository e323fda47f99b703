// vLLM-like start-up and failure log lines of `sonde sim` (docs/vllm-facts.md).
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <ctime>

#include "sim/api_request.hpp"
#include "sim/sim_config.hpp"
#include "sim/sim_server.hpp"

namespace sonde {
namespace {

// Groups digits by thousands as vLLM's log lines do ("123,456").
std::string with_commas(int64_t v) {
  const std::string digits = std::to_string(v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// "INFO 10-20 12:34:56" as vLLM prefixes its log lines.
std::string prefix(const char* level) {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return fmt::format("{} {:%m-%d %H:%M:%S}", level, tm);
}

// The Python dict vLLM logs as "non-default args".
std::string non_default_args(const SimOptions& o) {
  std::string args = fmt::format("'model': '{}'", o.model);
  if (!o.served_model_name.empty()) {
    args += fmt::format(", 'served_model_name': ['{}']", o.served_model_name);
  }
  args += fmt::format(", 'max_model_len': {}", o.max_model_len);
  if (o.tensor_parallel_size != 1) {
    args += fmt::format(", 'tensor_parallel_size': {}", o.tensor_parallel_size);
  }
  if (o.gpu_memory_utilization != 0.9) {
    args += fmt::format(", 'gpu_memory_utilization': {}", o.gpu_memory_utilization);
  }
  if (o.max_num_seqs != 0) args += fmt::format(", 'max_num_seqs': {}", o.max_num_seqs);
  if (o.max_num_batched_tokens != 0) {
    args += fmt::format(", 'max_num_batched_tokens': {}", o.max_num_batched_tokens);
  }
  if (!o.enable_chunked_prefill) args += ", 'enable_chunked_prefill': False";
  if (!o.enable_prefix_caching) args += ", 'enable_prefix_caching': False";
  if (o.enable_prompt_tokens_details) args += ", 'enable_prompt_tokens_details': True";
  if (!o.quantization.empty()) args += fmt::format(", 'quantization': '{}'", o.quantization);
  if (o.kv_cache_dtype != "auto") args += fmt::format(", 'kv_cache_dtype': '{}'", o.kv_cache_dtype);
  if (o.dtype != "auto") args += fmt::format(", 'dtype': '{}'", o.dtype);
  if (o.block_size != 16) args += fmt::format(", 'block_size': {}", o.block_size);
  return "{" + args + "}";
}

}  // namespace

std::string sim_banner_head(const SimOptions& options) {
  const sim::SimConfig c = sim::resolve_config(options);
  const std::string p = prefix("INFO");
  std::string out;
  out += fmt::format("{} [api_server.py:1885] vLLM API server version 0.11.0\n", p);
  out += fmt::format(
      "{} [sim] sonde simulator: no GPU, timings are simulated from profiles "
      "(GPU {} x{}, model {}{}), speed {}x\n",
      p, c.gpu.name, c.options.gpus, c.model.name,
      c.fitted_profile.empty() ? "" : ", fitted profile " + c.fitted_profile, options.speed);
  out += fmt::format("{} [utils.py:328] non-default args: {}\n", p, non_default_args(options));
  if (!options.enable_chunked_prefill && options.max_num_batched_tokens == 0) {
    out += fmt::format(
        "{} [scheduler.py:225] Chunked prefill is disabled; "
        "max_num_batched_tokens defaults to max(max_model_len, default) = {}.\n",
        prefix("WARNING"), c.options.max_num_batched_tokens);
  }
  return out;
}

std::string sim_banner_engine(const SimOptions& options) {
  const sim::SimConfig c = sim::resolve_config(options);
  const std::string p = prefix("INFO");
  const auto& o = c.options;
  const int64_t blocks_per_request = (o.max_model_len + o.block_size - 1) / o.block_size;
  std::string out;
  out += fmt::format(
      "{} [gpu_model_runner.py:2602] Model loading took {:.4f} GiB and {:.6f} "
      "seconds\n",
      p, static_cast<double>(c.weight_bytes_per_gpu) / static_cast<double>(sim::kGiB),
      options.startup_s);
  out += fmt::format("{} [gpu_worker.py:298] Available KV cache memory: {:.2f} GiB\n", p,
                     static_cast<double>(c.available_kv_bytes) / static_cast<double>(sim::kGiB));
  out += fmt::format("{} [kv_cache_utils.py:1087] GPU KV cache size: {} tokens\n", p,
                     with_commas(c.kv_capacity_tokens));
  out += fmt::format(
      "{} [kv_cache_utils.py:1091] Maximum concurrency for {} tokens per "
      "request: {:.2f}x\n",
      p, with_commas(o.max_model_len),
      static_cast<double>(c.num_gpu_blocks) / static_cast<double>(blocks_per_request));
  return out;
}

std::string sim_banner_api(const SimOptions& o, uint16_t port) {
  std::string out;
  out += fmt::format("{} [api_server.py:1920] Starting vLLM API server 0 on http://{}:{}\n",
                     prefix("INFO"), o.host, port);
  out += fmt::format("INFO:     Started server process [{}]\n", static_cast<long>(getpid()));
  out += "INFO:     Waiting for application startup.\n";
  out += "INFO:     Application startup complete.\n";
  return out;
}

std::string sim_startup_banner(const SimOptions& options, uint16_t port) {
  return sim_banner_head(options) + sim_banner_engine(options) + sim_banner_api(options, port);
}

std::string sim_failure_text(const StartupFailure& f) {
  std::string out;
  const bool engine = f.kind != "invalid_config";  // config errors happen before the engine
  if (engine) out += fmt::format("{} [core.py:708] EngineCore failed to start.\n", prefix("ERROR"));
  for (const auto& line : f.log_lines) out += line + "\n";
  if (engine) {
    out +=
        "RuntimeError: Engine core initialization failed. See root cause above. Failed core "
        "proc(s): {}\n";
  }
  return out;
}

}  // namespace sonde
