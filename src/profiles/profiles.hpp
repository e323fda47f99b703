#pragma once
// GPU and model profiles: the physical constants the simulator's cost model and memory accounting
// use, and that the conclusions look GPUs and models up in (bandwidth bound). The built-in ones
// are data/profiles/*.json, embedded at build time (cmake/embed_profiles.cmake writes
// profiles_data.cpp into the build tree; there is no copy in the sources). Users can load their
// own files of the same shape (--gpu-profile-file, --model-profile-file).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::profiles {

struct GpuProfile {
  std::string name;                    // short name used by --gpu, e.g. "h100"
  std::string product_name;            // what NVML/DCGM call it, e.g. "NVIDIA H100 80GB HBM3"
  int64_t memory_mib = 0;              // total device memory as nvidia-smi reports it (MiB)
  double bandwidth_gbps = 0;           // peak memory bandwidth (GB/s, 1e9 bytes)
  double bf16_tflops = 0;              // peak dense BF16 tensor throughput (TFLOP/s)
  double fp8_tflops = 0;               // peak dense FP8 throughput (TFLOP/s); 0 = no FP8 units
  std::string interconnect = "pcie";   // GPU-GPU link for tensor parallelism: "nvlink" or "pcie"
  double interconnect_gbps = 0;        // per-direction GPU-GPU bandwidth for all-reduce (GB/s)
  double interconnect_latency_us = 0;  // fixed cost of one all-reduce, two per layer (us)
  // What a serving engine reaches on this GPU (fitted to docs/simulator.md's anchors):
  double flops_efficiency = 0.5;      // fraction of peak FLOP/s
  double bandwidth_efficiency = 0.8;  // fraction of peak memory bandwidth
  double step_overhead_us = 800;      // fixed cost of every engine step: scheduling, launch (us)
  double seq_overhead_us = 60;        // cost per request scheduled in a step: inputs, sampling (us)
  double idle_power_w = 0;            // board power with nothing running (W); 0 = unknown
  double board_power_w = 0;           // board power limit, TDP (W): drawn when fully busy;
                                      // 0 = unknown (the simulator then reports no power)
  std::string power_source;           // where the power figures come from
  std::string source;                 // where the datasheet figures come from
  std::string efficiency_source;      // where the efficiency figures come from

  int64_t memory_bytes() const { return memory_mib << 20; }
};

struct ModelProfile {
  std::string name;                  // short name used by --model-profile, e.g. "llama-3.1-8b"
  std::vector<std::string> aliases;  // names matched against --model (normalised)
  double params = 0;                 // total parameters
  int64_t layers = 0;                // decoder layers (num_hidden_layers)
  int64_t hidden = 0;                // hidden_size
  int64_t intermediate = 0;          // MLP intermediate_size
  int64_t heads = 0;                 // attention (query) heads
  int64_t kv_heads = 0;              // key/value heads (GQA)
  int64_t head_dim = 0;              // per-head dimension
  int64_t vocab = 0;                 // vocabulary size
  int64_t max_position = 0;          // max_position_embeddings (tokens)
  bool tied_embeddings = false;      // lm_head shares the embedding matrix
  std::string dtype = "bfloat16";    // torch_dtype of the checkpoint
  std::string source;                // where the figures come from

  // Parameters in the embedding and lm_head matrices (never quantized by AWQ/GPTQ).
  double embedding_params() const {
    return static_cast<double>(vocab * hidden) * (tied_embeddings ? 1 : 2);
  }
};

// Parses a profiles file (text of gpus.json / models.json). Throws sonde::UsageError naming
// `origin` (a path or "built-in") when it is not valid.
std::vector<GpuProfile> parse_gpu_profiles(std::string_view json_text, const std::string& origin);
std::vector<ModelProfile> parse_model_profiles(std::string_view json_text, const std::string& origin);

// The built-in profiles.
const std::vector<GpuProfile>& builtin_gpus();
const std::vector<ModelProfile>& builtin_models();

// The profile named `name` among `list`; UsageError listing the known names otherwise.
const GpuProfile& find_gpu(const std::vector<GpuProfile>& list, const std::string& name);
const ModelProfile& find_model(const std::vector<ModelProfile>& list, const std::string& name);
// The built-in GPU whose product name (what NVML reports) is exactly `name`; when `short_names`,
// also one whose short name is `name` or starts it ("h100", "h100-sim"; the simulator's own
// labels). nullptr when none.
const GpuProfile* gpu_by_product_name(const std::string& name, bool short_names);
// The profile whose alias matches a --model id such as "meta-llama/Llama-3.1-8B-Instruct"
// (the longest alias contained in it wins), or nullptr.
const ModelProfile* infer_model(const std::vector<ModelProfile>& list, const std::string& model);

// Reads a whole file; UsageError naming `flag` when it cannot.
std::string read_profile_file(const std::string& path, const std::string& flag);

// The embedded JSON texts: data/profiles/gpus.json and models.json verbatim (generated
// profiles_data.cpp).
std::string_view embedded_gpus_json();
std::string_view embedded_models_json();

}  // namespace sonde::profiles
