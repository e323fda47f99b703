#include "telemetry/gpu_probe.hpp"

#include <chrono>
#include <memory>

#include "telemetry/gpu_dcgm.hpp"
#include "telemetry/gpu_nvml.hpp"
#include "telemetry/gpu_smi.hpp"

namespace sonde {

GpuProbe probe_gpus(const GpuProbeOptions& o) {
  GpuProbe probe;
  const auto timeout = std::chrono::milliseconds(static_cast<long>(o.timeout_s * 1000));
  if (!o.metrics_url.empty()) {
    std::string why;
    if (auto inv = dcgm_inventory(o.metrics_url, o.timeout_s, &why)) {
      probe.inventory = std::move(*inv);
      probe.read = [url = o.metrics_url, t = o.timeout_s] { return fetch_dcgm(url, t); };
    } else {
      probe.inventory.note = "GPU metrics unavailable: " + why;
    }
    return probe;
  }
  const std::string lib = o.nvml_library.empty() ? default_nvml_library() : o.nvml_library;
  std::string nvml_why;
  std::shared_ptr<Nvml> nvml = Nvml::open(lib, &nvml_why);
  if (nvml) {
    try {
      probe.inventory = nvml->inventory();
    } catch (const std::exception& e) {
      nvml_why = e.what();
    }
    if (!probe.inventory.gpus.empty()) {
      probe.read = [nvml] { return nvml->read(); };
      return probe;
    }
    if (nvml_why.empty()) nvml_why = "no device";
    probe.inventory = {};
  }
  const std::string smi = o.nvidia_smi.empty() ? default_nvidia_smi() : o.nvidia_smi;
  std::string smi_why;
  if (auto inv = smi_inventory(smi, timeout, &smi_why)) {
    probe.inventory = std::move(*inv);
    probe.read = [smi, timeout] { return query_nvidia_smi(smi, timeout); };
    return probe;
  }
  probe.inventory.note = "no NVIDIA GPU found (NVML: " + nvml_why + "; nvidia-smi: " + smi_why + ")";
  return probe;
}

GpuInventory gpu_inventory(const GpuProbeOptions& options) { return probe_gpus(options).inventory; }

}  // namespace sonde
