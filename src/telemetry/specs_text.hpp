#pragma once
// `sonde specs`: the test-environment record as aligned, human-readable lines.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "telemetry/gpu_info.hpp"
#include "telemetry/system_specs.hpp"

namespace sonde {

// What the CLI learned from a running server (GET /version, GET /v1/models).
struct ServerFacts {
  std::string base_url;       // e.g. http://127.0.0.1:8000
  std::string vllm_version;   // GET /version, or local_vllm_version() ("" if unknown)
  std::string model_id;       // /v1/models data[0].id
  std::string model_root;     // /v1/models data[0].root ("" if absent)
  int64_t max_model_len = 0;  // /v1/models data[0].max_model_len (0 if unknown)
};

// "CPU  …", "Cores  …", "RAM  … GiB", "OS", "Kernel", "Host", one block per GPU (or "no
// NVIDIA GPU found" and why), "Driver", "CUDA driver", then the server lines when `server` is
// given.
std::string format_specs_text(const SystemSpecs& system, const GpuInventory& gpus,
                              const std::optional<ServerFacts>& server);

// `python3 -c 'import vllm; print(vllm.__version__)'` when sonde runs on the server host;
// nullopt on any failure (no python3, no vllm, timeout). Importing vllm pulls in torch, so
// the deadline is seconds, not milliseconds.
std::optional<std::string> local_vllm_version(
    std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace sonde
