// The built-in simulator profiles: a verbatim copy of data/profiles/gpus.json and models.json
// (the documented sources). Embedded so that the binary works from any directory; a unit test
// (profiles_test.cpp) fails when this copy and the data files drift apart.
#include "sim/profiles.hpp"

namespace sonde::sim {

std::string_view embedded_gpus_json() {
  return R"json(
{
  "about": "GPU profiles of sonde's simulator. Peak figures are NVIDIA's published datasheet numbers (dense, i.e. without the 2:4 sparsity doubling); memory_mib is what nvidia-smi reports as total; interconnect is the per-direction bandwidth used for tensor-parallel all-reduce. flops_efficiency and bandwidth_efficiency are the fractions of peak a serving engine reaches in practice.",
  "defaults": {"flops_efficiency": 0.5, "bandwidth_efficiency": 0.8},
  "gpus": [
    {"name": "h100", "product_name": "NVIDIA H100 80GB HBM3", "memory_mib": 81559,
     "bandwidth_gbps": 3350, "bf16_tflops": 989, "fp8_tflops": 1979,
     "interconnect_gbps": 450, "interconnect_latency_us": 8,
     "source": "NVIDIA H100 Tensor Core GPU datasheet, H100 SXM: 80 GB HBM3, 3.35 TB/s, BF16 1,979 TFLOPS with sparsity (989 dense), FP8 3,958 with sparsity, NVLink 900 GB/s"},
    {"name": "h200", "product_name": "NVIDIA H200", "memory_mib": 143771,
     "bandwidth_gbps": 4800, "bf16_tflops": 989, "fp8_tflops": 1979,
     "interconnect_gbps": 450, "interconnect_latency_us": 8,
     "source": "NVIDIA H200 Tensor Core GPU datasheet, H200 SXM: 141 GB HBM3e, 4.8 TB/s, BF16 1,979 TFLOPS with sparsity (989 dense), NVLink 900 GB/s"},
    {"name": "a100-80g", "product_name": "NVIDIA A100-SXM4-80GB", "memory_mib": 81920,
     "bandwidth_gbps": 2039, "bf16_tflops": 312, "fp8_tflops": 0,
     "interconnect_gbps": 300, "interconnect_latency_us": 10,
     "source": "NVIDIA A100 Tensor Core GPU datasheet, A100 80GB SXM: HBM2e 2,039 GB/s, BF16 312 TFLOPS dense (624 with sparsity), no FP8, NVLink 600 GB/s"},
    {"name": "a100-40g", "product_name": "NVIDIA A100-SXM4-40GB", "memory_mib": 40960,
     "bandwidth_gbps": 1555, "bf16_tflops": 312, "fp8_tflops": 0,
     "interconnect_gbps": 300, "interconnect_latency_us": 10,
     "source": "NVIDIA A100 Tensor Core GPU datasheet, A100 40GB SXM: HBM2 1,555 GB/s, BF16 312 TFLOPS dense, NVLink 600 GB/s"},
    {"name": "l40s", "product_name": "NVIDIA L40S", "memory_mib": 46068,
     "bandwidth_gbps": 864, "bf16_tflops": 362, "fp8_tflops": 733,
     "interconnect_gbps": 32, "interconnect_latency_us": 20,
     "source": "NVIDIA L40S datasheet: 48 GB GDDR6, 864 GB/s, BF16 362.05 TFLOPS dense (733 with sparsity), FP8 733 dense, PCIe Gen4 x16 (64 GB/s bidirectional), no NVLink"},
    {"name": "l4", "product_name": "NVIDIA L4", "memory_mib": 23034,
     "bandwidth_gbps": 300, "bf16_tflops": 121, "fp8_tflops": 242,
     "interconnect_gbps": 32, "interconnect_latency_us": 20,
     "source": "NVIDIA L4 Tensor Core GPU datasheet: 24 GB GDDR6, 300 GB/s, BF16 242 TFLOPS with sparsity (121 dense), FP8 485 with sparsity, PCIe Gen4 x16"},
    {"name": "a10", "product_name": "NVIDIA A10", "memory_mib": 23028,
     "bandwidth_gbps": 600, "bf16_tflops": 125, "fp8_tflops": 0,
     "interconnect_gbps": 32, "interconnect_latency_us": 20,
     "source": "NVIDIA A10 Tensor Core GPU datasheet: 24 GB GDDR6, 600 GB/s, BF16 125 TFLOPS dense (250 with sparsity), no FP8, PCIe Gen4 x16"}
  ]
}
)json";
}

std::string_view embedded_models_json() {
  return R"json(
{
  "about": "Model profiles of sonde's simulator, from each model's Hugging Face config.json (num_hidden_layers, hidden_size, intermediate_size, num_attention_heads, num_key_value_heads, head_dim = hidden_size / num_attention_heads, vocab_size, max_position_embeddings, tie_word_embeddings, torch_dtype) and parameter count from its model card. aliases are matched against --model (case and punctuation ignored).",
  "models": [
    {"name": "llama-3.1-8b", "aliases": ["llama-3.1-8b", "meta-llama-3.1-8b"],
     "params": 8.03e9, "layers": 32, "hidden": 4096, "intermediate": 14336, "heads": 32,
     "kv_heads": 8, "head_dim": 128, "vocab": 128256, "max_position": 131072,
     "tied_embeddings": false, "dtype": "bfloat16",
     "source": "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/blob/main/config.json"},
    {"name": "llama-3.1-70b", "aliases": ["llama-3.1-70b", "meta-llama-3.1-70b", "llama-3.3-70b"],
     "params": 70.6e9, "layers": 80, "hidden": 8192, "intermediate": 28672, "heads": 64,
     "kv_heads": 8, "head_dim": 128, "vocab": 128256, "max_position": 131072,
     "tied_embeddings": false, "dtype": "bfloat16",
     "source": "https://huggingface.co/meta-llama/Llama-3.1-70B-Instruct/blob/main/config.json"},
    {"name": "qwen2.5-7b", "aliases": ["qwen2.5-7b"],
     "params": 7.61e9, "layers": 28, "hidden": 3584, "intermediate": 18944, "heads": 28,
     "kv_heads": 4, "head_dim": 128, "vocab": 152064, "max_position": 32768,
     "tied_embeddings": false, "dtype": "bfloat16",
     "source": "https://huggingface.co/Qwen/Qwen2.5-7B-Instruct/blob/main/config.json"},
    {"name": "qwen2.5-32b", "aliases": ["qwen2.5-32b"],
     "params": 32.8e9, "layers": 64, "hidden": 5120, "intermediate": 27648, "heads": 40,
     "kv_heads": 8, "head_dim": 128, "vocab": 152064, "max_position": 32768,
     "tied_embeddings": false, "dtype": "bfloat16",
     "source": "https://huggingface.co/Qwen/Qwen2.5-32B-Instruct/blob/main/config.json"},
    {"name": "mistral-7b", "aliases": ["mistral-7b"],
     "params": 7.25e9, "layers": 32, "hidden": 4096, "intermediate": 14336, "heads": 32,
     "kv_heads": 8, "head_dim": 128, "vocab": 32768, "max_position": 32768,
     "tied_embeddings": false, "dtype": "bfloat16",
     "source": "https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.3/blob/main/config.json"}
  ]
}
)json";
}

}  // namespace sonde::sim
