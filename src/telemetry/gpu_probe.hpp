#pragma once
// Finds the GPUs to record and sample, in order: an explicit DCGM exporter URL (the server is
// on another host, or is the simulator), NVML, nvidia-smi, else none. "No NVIDIA GPU found" is
// a normal answer, not an error: sonde runs happily on a laptop against a remote server.
#include <string>

#include "telemetry/gpu_info.hpp"

namespace sonde {

struct GpuProbeOptions {
  std::string metrics_url;   // --gpu-metrics-url; "" = look at this host's GPUs
  std::string nvml_library;  // "" = default_nvml_library()
  std::string nvidia_smi;    // "" = default_nvidia_smi()
  double timeout_s = 5;      // per nvidia-smi run / HTTP GET, seconds
};

struct GpuProbe {
  GpuInventory inventory;  // what was found (source "none" with a note when nothing)
  GpuReadFn read;          // reads the same source again (for the sampler); empty for "none"
};

// An explicit URL that fails gives source "none" with the failure in `note`: falling back to
// this host's GPUs would record the wrong machine.
GpuProbe probe_gpus(const GpuProbeOptions& options);

// probe_gpus(options).inventory, for `sonde specs` and the run.json environment.
GpuInventory gpu_inventory(const GpuProbeOptions& options);

}  // namespace sonde
