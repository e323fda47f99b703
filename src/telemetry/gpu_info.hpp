#pragma once
// What sonde knows about the machine's NVIDIA GPUs, whichever way it was read (NVML, nvidia-smi,
// a DCGM exporter). Plain data: readers fill it, the sampler and reporters consume it.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "results/environment.hpp"  // GpuInfo, GpuInventory

namespace sonde {

// Reads the current state of every GPU; used by the sampler. Throws sonde::Error when the
// source stopped answering (the sampler counts that as a failed read, not a crash).
using GpuReadFn = std::function<std::vector<GpuInfo>()>;

// "12.4" from NVML's integer form 12040 ("" for 0 or less).
std::string cuda_version_string(int nvml_cuda_version);

constexpr uint64_t kMiB = 1024ull * 1024ull;

}  // namespace sonde
