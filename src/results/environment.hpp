#pragma once
// The test-environment record: run.json's `environment` key and `sonde specs --json`. The host
// (CPU, RAM, OS) and its NVIDIA GPUs, whichever way they were read. telemetry/ fills it
// (telemetry/system_specs.hpp, telemetry/gpu_probe.hpp); reporters read it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sonde {

struct SystemSpecs {
  std::string cpu_model;      // /proc/cpuinfo "model name" ("" if unknown)
  std::string arch;           // uname machine, e.g. "x86_64"
  int cpu_cores = 0;          // physical cores, all sockets (0 if unknown)
  int cpu_threads = 0;        // logical CPUs (0 if unknown)
  uint64_t memory_bytes = 0;  // MemTotal, bytes (0 if unknown)
  std::string os_name;        // /etc/os-release PRETTY_NAME (else NAME)
  std::string os_version;     // /etc/os-release VERSION_ID (else VERSION)
  std::string kernel;         // uname release, e.g. "6.1.0-18-amd64"
  std::string hostname;       // gethostname()

  bool operator==(const SystemSpecs&) const = default;
};

struct GpuInfo {
  int index = 0;                               // GPU index as the source numbers it
  std::string name;                            // e.g. "NVIDIA H100 80GB HBM3"
  std::string uuid;                            // e.g. "GPU-5ae6..." ("" if unknown)
  std::string pci_bus_id;                      // e.g. "00000000:18:00.0" ("" if unknown)
  std::optional<uint64_t> memory_total_bytes;  // framebuffer size, bytes (nullopt: unknown)
  std::optional<uint64_t> memory_used_bytes;   // framebuffer in use, bytes (nullopt: unknown)
  std::optional<double> utilization_pct;       // GPU busy %, 0..100 (nullopt: unsupported)
  // Sampled readings, not part of the environment record (run.json has them per scenario):
  std::optional<double> power_w;   // board power draw now, W (nullopt: unsupported)
  std::optional<double> energy_j;  // energy counter since the driver loaded, J (nullopt: none)

  bool operator==(const GpuInfo&) const = default;
};

struct GpuInventory {
  std::string source = "none";      // "nvml", "nvidia-smi", "dcgm" or "none"
  std::string driver_version;       // e.g. "550.54.15" ("" if unknown)
  std::string cuda_driver_version;  // CUDA version the driver supports, e.g. "12.4" ("" if unknown)
  std::vector<GpuInfo> gpus;        // one per device, in index order
  std::string note;                 // why there is no data, or a caveat ("" when all is well)

  bool operator==(const GpuInventory&) const = default;
};

struct Environment {
  SystemSpecs system;       // host CPU, RAM, OS
  GpuInventory gpus;        // GPUs and driver
  std::string recorded_on;  // "server host" or "client host" (the server is remote and only
                            // sonde's machine could be read); "" when not said (sonde specs)

  bool operator==(const Environment&) const = default;
};

// {cpu{model, arch, cores, threads}, memory_bytes, os{name, version, kernel}, hostname,
//  gpus{source, driver_version, cuda_driver_version, count, devices[{index, name, uuid,
//  pci_bus_id, memory_total_bytes, memory_used_bytes, utilization_pct}], note}, recorded_on};
// recorded_on only when not empty.
void to_json(nlohmann::json& j, const Environment& e);
// The inverse, tolerant of missing keys (older files); throws nlohmann::json errors only on
// keys present with the wrong type.
void from_json(const nlohmann::json& j, Environment& e);

}  // namespace sonde
