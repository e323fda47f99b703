// Start-up validation as vLLM does it, failing with vLLM's own log lines (docs/vllm-facts.md).
#include <fmt/format.h>

#include <algorithm>

#include "sim/sim_config.hpp"
#include "sim/sim_server.hpp"

namespace sonde {
namespace {

using sim::kGiB;
using sim::SimConfig;

// torch's format_size: KiB up to 1 MiB, MiB up to 1 GiB, else GiB, two decimals.
std::string torch_size(int64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (bytes <= (int64_t{1} << 20)) return fmt::format("{:.2f} KiB", b / 1024);
  if (bytes <= kGiB) return fmt::format("{:.2f} MiB", b / (1 << 20));
  return fmt::format("{:.2f} GiB", b / static_cast<double>(kGiB));
}

double gib(int64_t bytes) { return static_cast<double>(bytes) / static_cast<double>(kGiB); }

StartupFailure invalid(std::string line) {
  return StartupFailure{"invalid_config", {std::move(line)}, 0};
}

std::optional<StartupFailure> check_parallel_and_scheduler(const SimConfig& c) {
  const auto& o = c.options;
  if (c.tp > o.gpus) {
    return invalid(
        "ValueError: The number of required GPUs exceeds the total number of "
        "available GPUs in the placement group.");
  }
  if (c.model.heads % c.tp != 0) {
    return invalid(
        fmt::format("ValueError: Total number of attention heads ({}) must be "
                    "divisible by tensor parallel size ({}).",
                    c.model.heads, c.tp));
  }
  if (o.max_model_len > c.model.max_position) {
    return invalid(fmt::format(
        "ValueError: User-specified max_model_len ({}) is greater than the derived max_model_len "
        "(max_position_embeddings={} or model_max_length=None in model's config.json). To allow "
        "overriding this maximum, set the env var VLLM_ALLOW_LONG_MAX_MODEL_LEN=1. VLLM_ALLOW_LONG_"
        "MAX_MODEL_LEN must be used with extreme caution.",
        o.max_model_len, c.model.max_position));
  }
  if (!o.enable_chunked_prefill && o.max_num_batched_tokens < o.max_model_len) {
    return invalid(fmt::format(
        "ValueError: max_num_batched_tokens ({}) is smaller than max_model_len ({}). This "
        "effectively limits the maximum sequence length to max_num_batched_tokens and makes vLLM "
        "reject longer sequences. Please increase max_num_batched_tokens or decrease "
        "max_model_len.",
        o.max_num_batched_tokens, o.max_model_len));
  }
  if (o.max_num_batched_tokens < o.max_num_seqs) {
    return invalid(
        fmt::format("ValueError: max_num_batched_tokens ({}) must be greater than or "
                    "equal to max_num_seqs ({}).",
                    o.max_num_batched_tokens, o.max_num_seqs));
  }
  return std::nullopt;
}

// Loads the weights tensor by tensor (embedding, then per layer QKV, O, gate-up, down) until
// one does not fit, as torch would fail mid-load.
std::optional<StartupFailure> check_weights_fit(const SimConfig& c) {
  const int64_t total = c.gpu.memory_bytes();
  if (c.non_torch_bytes + c.weight_bytes_per_gpu <= total) return std::nullopt;
  const auto& m = c.model;
  const double q = c.weight_bytes_per_param / c.tp;
  const double h = static_cast<double>(m.hidden), inter = static_cast<double>(m.intermediate);
  const double qkv = h * static_cast<double>((m.heads + 2 * m.kv_heads) * m.head_dim) * q;
  const double o_proj = static_cast<double>(m.heads * m.head_dim) * h * q;
  const double layer_tensors[] = {qkv, o_proj, 2 * h * inter * q, inter * h * q};
  int64_t used = c.non_torch_bytes +
                 static_cast<int64_t>(m.embedding_params() * 2 / c.tp / (m.tied_embeddings ? 1 : 2));
  int64_t tried = 0;
  for (int64_t layer = 0; layer < m.layers && tried == 0; ++layer) {
    for (const double t : layer_tensors) {
      if (used + static_cast<int64_t>(t) > total) {
        tried = static_cast<int64_t>(t);
        break;
      }
      used += static_cast<int64_t>(t);
    }
  }
  if (tried == 0) tried = total - used + (64 << 20);  // the lm_head is what does not fit
  const int64_t free = std::max<int64_t>(0, total - used);
  StartupFailure f;
  f.kind = "oom_startup";
  f.log_lines.push_back(fmt::format(
      "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate {}. GPU 0 has a total "
      "capacity of {} of which {} is free. Including non-PyTorch memory, this process has {} "
      "memory in use. Of the allocated memory {} is allocated by PyTorch, and 0 bytes is reserved "
      "by PyTorch but unallocated. If reserved but unallocated memory is large try setting "
      "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.  See "
      "documentation for Memory Management  "
      "(https://pytorch.org/docs/stable/notes/cuda.html#environment-variables)",
      torch_size(tried), torch_size(total), torch_size(free), torch_size(used),
      torch_size(used - c.non_torch_bytes)));
  return f;
}

std::optional<StartupFailure> check_kv_cache(const SimConfig& c) {
  const auto& o = c.options;
  if (c.available_kv_bytes <= 0 || c.num_gpu_blocks == 0) {
    return StartupFailure{"no_cache_memory",
                          {"ValueError: No available memory for the cache blocks. Try increasing "
                           "`gpu_memory_utilization` when initializing the engine."},
                          0};
  }
  const int64_t blocks_needed = (o.max_model_len + o.block_size - 1) / o.block_size;
  const int64_t needed = blocks_needed * c.block_bytes_per_gpu;
  if (needed <= c.available_kv_bytes) return std::nullopt;
  // vLLM binary-searches the longest length whose blocks fit: whole blocks of what is available.
  const int64_t estimate = std::min(o.max_model_len - 1, c.num_gpu_blocks * o.block_size);
  StartupFailure f;
  f.kind = "kv_cache_insufficient";
  f.estimated_max_model_len = estimate;
  f.log_lines.push_back(fmt::format(
      "ValueError: To serve at least one request with the model's max seq len ({}), ({:.2f} GiB "
      "KV cache is needed, which is larger than the available KV cache memory ({:.2f} GiB). Based "
      "on the available memory, the estimated maximum model length is {}. Try increasing "
      "`gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.",
      o.max_model_len, gib(needed), gib(c.available_kv_bytes), estimate));
  return f;
}

}  // namespace

std::optional<StartupFailure> validate_startup(const SimOptions& options) {
  const SimConfig c = sim::resolve_config(options);
  if (auto f = check_parallel_and_scheduler(c)) return f;
  if (auto f = check_weights_fit(c)) return f;
  return check_kv_cache(c);
}

}  // namespace sonde
