#pragma once
// What sonde knows about the machine's NVIDIA GPUs, whichever way it was read (NVML, nvidia-smi,
// a DCGM exporter). Plain data: readers fill it, the sampler and reporters consume it.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sonde {

struct GpuInfo {
  int index = 0;                                  // GPU index as the source numbers it
  std::string name;                               // e.g. "NVIDIA H100 80GB HBM3"
  std::string uuid;                               // e.g. "GPU-5ae6..." ("" if unknown)
  std::string pci_bus_id;                         // e.g. "00000000:18:00.0" ("" if unknown)
  std::optional<uint64_t> memory_total_bytes;     // framebuffer size, bytes (nullopt: unknown)
  std::optional<uint64_t> memory_used_bytes;      // framebuffer in use, bytes (nullopt: unknown)
  std::optional<double> utilization_pct;          // GPU busy %, 0..100 (nullopt: unsupported)
};

struct GpuInventory {
  std::string source = "none";      // "nvml", "nvidia-smi", "dcgm" or "none"
  std::string driver_version;       // e.g. "550.54.15" ("" if unknown)
  std::string cuda_driver_version;  // CUDA version the driver supports, e.g. "12.4" ("" if unknown)
  std::vector<GpuInfo> gpus;        // one per device, in index order
  std::string note;                 // why there is no data, or a caveat ("" when all is well)
};

// Reads the current state of every GPU; used by the sampler. Throws sonde::Error when the
// source stopped answering (the sampler counts that as a failed read, not a crash).
using GpuReadFn = std::function<std::vector<GpuInfo>()>;

// "12.4" from NVML's integer form 12040 ("" for 0 or less).
std::string cuda_version_string(int nvml_cuda_version);

constexpr uint64_t kMiB = 1024ull * 1024ull;

}  // namespace sonde
