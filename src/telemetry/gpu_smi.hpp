#pragma once
// The nvidia-smi fallback, for hosts where NVML cannot be dlopened but the tool works (some
// containers ship the binary with a static NVML). Parsers take text so tests feed fixtures.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "telemetry/gpu_info.hpp"

namespace sonde {

// The query sonde runs (values in MiB, %, W; no header, no units). nvidia-smi has no energy
// counter field: energy is integrated from power.draw (telemetry/gpu_energy.hpp).
inline constexpr const char* kSmiQueryFields =
    "index,name,uuid,pci.bus_id,memory.total,memory.used,utilization.gpu,driver_version,"
    "power.draw";

struct SmiParse {
  std::vector<GpuInfo> gpus;   // one per well-formed CSV line
  std::string driver_version;  // from the first line ("" if absent)
};

// Parses `nvidia-smi --query-gpu=<kSmiQueryFields> --format=csv,noheader,nounits`.
// "[N/A]", "[Not Supported]" and the like leave that field empty; short lines are skipped.
SmiParse parse_nvidia_smi_csv(std::string_view text);

// "12.4" from the banner of a plain `nvidia-smi` run ("CUDA Version: 12.4"); "" if absent.
std::string parse_smi_cuda_version(std::string_view text);

// $SONDE_NVIDIA_SMI when set (tests point it at a script), else "nvidia-smi" from PATH.
std::string default_nvidia_smi();

// Runs the query; throws sonde::Error when nvidia-smi is missing, fails or times out.
std::vector<GpuInfo> query_nvidia_smi(const std::string& binary, std::chrono::milliseconds timeout);

// The inventory through nvidia-smi (query + banner for the CUDA version); nullopt with `why`
// set when nvidia-smi is missing, fails, or lists no GPU.
std::optional<GpuInventory> smi_inventory(const std::string& binary,
                                          std::chrono::milliseconds timeout, std::string* why);

}  // namespace sonde
