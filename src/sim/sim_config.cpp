#include "sim/sim_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "profiles/fitted_profile.hpp"

#include "util/error.hpp"

namespace sonde::sim {
namespace {

using profiles::builtin_gpus;
using profiles::builtin_models;
using profiles::find_gpu;
using profiles::find_model;
using profiles::GpuProfile;
using profiles::infer_model;
using profiles::ModelProfile;
using profiles::parse_gpu_profiles;
using profiles::parse_model_profiles;
using profiles::read_profile_file;

int64_t dtype_bytes(const std::string& dtype, const ModelProfile& model) {
  const std::string d = dtype == "auto" ? model.dtype : dtype;
  if (d == "bfloat16" || d == "float16" || d == "half") return 2;
  if (d == "float32" || d == "float") return 4;
  throw UsageError(
      fmt::format("--dtype {}: unknown; use auto, bfloat16, float16, half or float32", dtype));
}

// Bytes per parameter of the quantized layers (weights plus their scales).
double quantized_bytes_per_param(const std::string& q, int64_t unquantized) {
  if (q.empty() || q == "none") return static_cast<double>(unquantized);
  static constexpr std::string_view kFourBit[] = {"awq",          "gptq",   "awq_marlin",
                                                  "gptq_marlin",  "marlin", "compressed-tensors",
                                                  "bitsandbytes", "gguf"};
  for (auto k : kFourBit) {
    if (q == k) return 0.5625;  // 4-bit weights + a 16-bit scale per group of 128 (and zeros)
  }
  if (q == "fp8" || q == "fbgemm_fp8" || q == "modelopt") return 1.0;
  if (q == "mxfp4") return 0.53125;  // 4 bits + an 8-bit scale per 32 values
  throw UsageError(
      fmt::format("--quantization {}: unknown; use awq, gptq, awq_marlin, "
                  "gptq_marlin, compressed-tensors, bitsandbytes, gguf, fp8 or mxfp4",
                  q));
}

int64_t kv_bytes(const std::string& kv_dtype, int64_t model_dtype_bytes) {
  if (kv_dtype == "auto") return model_dtype_bytes;
  if (kv_dtype == "fp8" || kv_dtype == "fp8_e4m3" || kv_dtype == "fp8_e5m2") return 1;
  throw UsageError(
      fmt::format("--kv-cache-dtype {}: unknown; use auto, fp8, fp8_e4m3 or fp8_e5m2", kv_dtype));
}

void check_ranges(const SimOptions& o) {
  if (o.tensor_parallel_size < 1) throw UsageError("--tensor-parallel-size: must be >= 1");
  if (o.gpus < 0) throw UsageError("--gpus: must be >= 0 (0 = as many as --tensor-parallel-size)");
  if (!(o.gpu_memory_utilization > 0 && o.gpu_memory_utilization <= 1)) {
    throw UsageError("--gpu-memory-utilization: must be in (0, 1]");
  }
  if (o.block_size < 1 || o.block_size > 256) throw UsageError("--block-size: must be 1..256");
  if (o.max_model_len < 1) throw UsageError("--max-model-len: must be >= 1");
  if (o.max_num_seqs < 0) throw UsageError("--max-num-seqs: must be >= 1");
  if (o.max_num_batched_tokens < 0) throw UsageError("--max-num-batched-tokens: must be >= 1");
  if (!(o.speed > 0)) throw UsageError("--speed: must be > 0");
  if (o.startup_s < 0) throw UsageError("--startup-s: must be >= 0");
  if (o.speculative_tokens < 0 || o.speculative_tokens > 16) {
    throw UsageError(
        fmt::format("--speculative-tokens {}: must be 0..16 (0 = off)", o.speculative_tokens));
  }
  if (!(o.acceptance_rate >= 0 && o.acceptance_rate <= 1)) {
    throw UsageError(
        fmt::format("--acceptance-rate {}: must be in [0, 1] (accepted / drafted "
                    "tokens, e.g. 0.7)",
                    o.acceptance_rate));
  }
}

GpuProfile pick_gpu(const SimOptions& o) {
  if (o.gpu_profile_file.empty()) return find_gpu(builtin_gpus(), o.gpu);
  const auto list = parse_gpu_profiles(read_profile_file(o.gpu_profile_file, "--gpu-profile-file"),
                                       o.gpu_profile_file);
  return find_gpu(list, o.gpu);
}

ModelProfile pick_model(const SimOptions& o) {
  const std::vector<ModelProfile> own =
      o.model_profile_file.empty()
          ? std::vector<ModelProfile>{}
          : parse_model_profiles(read_profile_file(o.model_profile_file, "--model-profile-file"),
                                 o.model_profile_file);
  const auto& list = o.model_profile_file.empty() ? builtin_models() : own;
  if (!o.model_profile.empty()) return find_model(list, o.model_profile);
  if (const auto* m = infer_model(list, o.model)) return *m;
  if (!o.model_profile_file.empty() && list.size() == 1) return list.front();
  return find_model(builtin_models(), "llama-3.1-8b");
}

// vLLM's usage-context defaults for the OpenAI server (docs/vllm-facts.md): bigger on >= 70 GiB GPUs
// that are not A100s.
void fill_scheduler_defaults(SimOptions& o, const GpuProfile& gpu) {
  const bool big = gpu.memory_mib >= 70 * 1024 && gpu.name.find("a100") == std::string::npos &&
                   gpu.product_name.find("A100") == std::string::npos;
  if (o.max_num_seqs == 0) o.max_num_seqs = big ? 1024 : 256;
  if (o.max_num_batched_tokens == 0) {
    o.max_num_batched_tokens = big ? 8192 : 2048;
    // Without chunked prefill a whole prompt must fit in one step.
    if (!o.enable_chunked_prefill) {
      o.max_num_batched_tokens = std::max(o.max_num_batched_tokens, o.max_model_len);
    }
  }
  if (o.gpus == 0) o.gpus = o.tensor_parallel_size;
}

void account_memory(SimConfig& c) {
  const auto& m = c.model;
  const int64_t wbytes = dtype_bytes(c.options.dtype, m);
  c.weight_bytes_per_param = quantized_bytes_per_param(c.options.quantization, wbytes);
  const bool quantized = c.weight_bytes_per_param != static_cast<double>(wbytes);
  const double emb = m.embedding_params();
  c.weight_bytes = static_cast<int64_t>(quantized ? (m.params - emb) * c.weight_bytes_per_param +
                                                        emb * static_cast<double>(wbytes)
                                                  : m.params * static_cast<double>(wbytes));
  c.weight_bytes_per_gpu = c.weight_bytes / c.tp;
  c.kv_dtype_bytes = kv_bytes(c.options.kv_cache_dtype, wbytes);
  // KV heads are split across TP ranks; with more ranks than heads each rank keeps one copy.
  const int64_t kv_heads_per_gpu = std::max<int64_t>(1, m.kv_heads / c.tp);
  c.kv_bytes_per_token_per_gpu = 2 * m.layers * kv_heads_per_gpu * m.head_dim * c.kv_dtype_bytes;
  c.kv_bytes_per_token = 2 * m.layers * m.kv_heads * m.head_dim * c.kv_dtype_bytes;
  c.block_bytes_per_gpu = c.kv_bytes_per_token_per_gpu * c.options.block_size;
  // CUDA context and allocator slack; NCCL buffers when ranks talk to each other.
  c.non_torch_bytes = (c.tp > 1 ? 768 : 512) << 20;
  // vLLM profiles a dummy forward pass of max_num_batched_tokens plus a sampler pass over
  // max_num_seqs rows of fp32 logits; that peak is held back from the KV cache.
  c.activation_reserve_bytes = static_cast<int64_t>(
      static_cast<double>(c.options.max_num_batched_tokens) * c.activation_bytes_per_token() +
      static_cast<double>(c.options.max_num_seqs * m.vocab * 4) / c.tp);
  c.requested_bytes = static_cast<int64_t>(c.options.gpu_memory_utilization *
                                           static_cast<double>(c.gpu.memory_bytes()));
  c.available_kv_bytes = c.requested_bytes - c.weight_bytes_per_gpu - c.non_torch_bytes -
                         c.activation_reserve_bytes - c.kv_memory_offset_bytes;
  c.num_gpu_blocks = std::max<int64_t>(0, c.available_kv_bytes / c.block_bytes_per_gpu);
  c.kv_capacity_tokens = c.num_gpu_blocks * c.options.block_size;
}

}  // namespace

double SimConfig::activation_bytes_per_token() const {
  // Gate and up projections (the widest tensors) plus a few hidden-sized buffers, 16-bit.
  return static_cast<double>((2 * model.intermediate / tp + 4 * model.hidden) * 2);
}

SimConfig resolve_config(const SimOptions& given) {
  check_ranges(given);
  SimOptions options = given;
  std::optional<profiles::FittedProfile> fitted;
  if (!options.fitted_profile_file.empty()) {
    // The fitted profile names the GPU and model it was fitted on; predicting another GPU or
    // model from it would be a guess.
    fitted = profiles::read_fitted_profile(options.fitted_profile_file, "--profile-file");
    options.gpu = fitted->gpu;
    options.gpu_profile_file.clear();
    options.model_profile = fitted->model_profile;
    options.model_profile_file.clear();
  }
  SimConfig c;
  c.options = options;
  c.gpu = pick_gpu(options);
  c.model = pick_model(options);
  if (fitted) {
    c.gpu = profiles::apply_fitted(c.gpu, fitted->parameters);
    c.fitted_profile = fitted->path;
    c.kv_memory_offset_bytes = fitted->kv_memory_offset_bytes;
  }
  c.tp = options.tensor_parallel_size;
  fill_scheduler_defaults(c.options, c.gpu);
  c.cache_dtype = options.kv_cache_dtype;
  account_memory(c);
  const bool fp8_math = (options.quantization == "fp8" || options.quantization == "fbgemm_fp8" ||
                         options.quantization == "modelopt") &&
                        c.gpu.fp8_tflops > 0;
  c.flops_per_s = (fp8_math ? c.gpu.fp8_tflops : c.gpu.bf16_tflops) * 1e12 * c.gpu.flops_efficiency;
  c.bytes_per_s = c.gpu.bandwidth_gbps * 1e9 * c.gpu.bandwidth_efficiency;
  return c;
}

}  // namespace sonde::sim
