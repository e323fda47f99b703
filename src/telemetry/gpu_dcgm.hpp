#pragma once
// GPUs of another host, read from an NVIDIA DCGM exporter (or the simulator's /gpu-metrics):
// Prometheus text with DCGM_FI_DEV_FB_USED / DCGM_FI_DEV_FB_FREE (MiB), DCGM_FI_DEV_GPU_UTIL (%),
// DCGM_FI_DEV_POWER_USAGE (W) and DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION (mJ since boot, a counter;
// both in dcgm-exporter's default counters), one series per GPU labelled gpu="0", UUID="GPU-…",
// modelName="…".
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "telemetry/gpu_info.hpp"

namespace sonde {

struct DcgmParse {
  std::vector<GpuInfo> gpus;   // one per (gpu, UUID, MIG instance), sorted by index
  std::string driver_version;  // DCGM_FI_DRIVER_VERSION label when the exporter adds it
};

// Parses an exporter page; total = used + free (DCGM exposes no total field by default).
// A GPU with neither FB metric still appears (name, ids, utilisation) with empty memory.
DcgmParse parse_dcgm_metrics(std::string_view text);

// GETs `url` and parses it; throws sonde::Error when the exporter is unreachable, answers
// non-200, or lists no GPU.
std::vector<GpuInfo> fetch_dcgm(const std::string& url, double timeout_s);

// The inventory through the exporter; nullopt with `why` set on any failure.
std::optional<GpuInventory> dcgm_inventory(const std::string& url, double timeout_s,
                                           std::string* why);

}  // namespace sonde
