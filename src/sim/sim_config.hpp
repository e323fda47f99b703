#pragma once
// The simulator's configuration resolved against its profiles: vLLM's defaults filled in and the
// memory accounting vLLM does at start-up (weights, activation reserve, KV cache blocks).
#include <cstdint>
#include <string>

#include "profiles/profiles.hpp"
#include "sim/sim_server.hpp"

namespace sonde::sim {

inline constexpr int64_t kGiB = int64_t{1} << 30;

struct SimConfig {
  SimOptions options;            // defaults resolved: max_num_seqs, max_num_batched_tokens, gpus
  profiles::GpuProfile gpu;      // the chosen GPU profile
  profiles::ModelProfile model;  // the chosen model profile
  int tp = 1;                    // tensor-parallel size
  double weight_bytes_per_param = 2;       // of the quantized layers (bytes)
  int64_t weight_bytes = 0;                // all weights, all GPUs (bytes)
  int64_t weight_bytes_per_gpu = 0;        // weights one GPU holds (bytes)
  int64_t kv_dtype_bytes = 2;              // bytes per KV element
  int64_t kv_bytes_per_token = 0;          // K and V of one token, all layers, all GPUs (bytes)
  int64_t kv_bytes_per_token_per_gpu = 0;  // the share one GPU holds (bytes)
  int64_t block_bytes_per_gpu = 0;         // one KV block on one GPU (bytes)
  int64_t non_torch_bytes = 0;             // CUDA context, NCCL buffers per GPU (bytes)
  int64_t activation_reserve_bytes = 0;    // peak activations of a full step per GPU (bytes)
  int64_t requested_bytes = 0;             // gpu_memory_utilization x VRAM per GPU (bytes)
  int64_t available_kv_bytes = 0;      // what is left per GPU for the KV cache (bytes; may be <= 0)
  int64_t num_gpu_blocks = 0;          // KV blocks (each block holds block_size tokens on all GPUs)
  int64_t kv_capacity_tokens = 0;      // num_gpu_blocks x block_size (tokens)
  double flops_per_s = 0;              // effective FLOP/s of one GPU for this dtype
  double bytes_per_s = 0;              // effective memory bandwidth of one GPU (bytes/s)
  std::string cache_dtype = "auto";    // --kv-cache-dtype as vLLM labels it
  std::string fitted_profile;          // the --profile-file in use ("" = the built-in figures)
  int64_t kv_memory_offset_bytes = 0;  // per GPU, kept back beyond the accounting above (bytes;
                                       // a fitted profile's measured KV-cache size)

  double activation_bytes_per_token() const;  // per GPU, for the /gpu-metrics activation term
};

// Resolves options against the built-in profiles (or the files the options name). Throws
// sonde::UsageError naming the flag for unknown names or out-of-range values. Does not judge
// whether the configuration fits: validate_startup does.
SimConfig resolve_config(const SimOptions& options);

}  // namespace sonde::sim
