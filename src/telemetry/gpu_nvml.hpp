#pragma once
// NVML loaded at run time with dlopen("libnvidia-ml.so.1"): no build-time CUDA dependency, and
// a machine without the driver simply has no NVML. The library stays loaded and initialised
// for the life of the object so the sampler can read every 250 ms cheaply.
#include <memory>
#include <string>
#include <vector>

#include "telemetry/gpu_info.hpp"

namespace sonde {

// $SONDE_NVML_LIBRARY when set (tests point it at a stub), else "libnvidia-ml.so.1".
std::string default_nvml_library();

class Nvml {
 public:
  // Loads `library` and calls nvmlInit_v2. nullptr when the library is absent, lacks a symbol
  // or fails to initialise; `why` (if given) then says which.
  static std::unique_ptr<Nvml> open(const std::string& library, std::string* why = nullptr);
  ~Nvml();  // nvmlShutdown + dlclose
  Nvml(const Nvml&) = delete;
  Nvml& operator=(const Nvml&) = delete;

  // Every device's name, ids, memory, utilisation, power and energy counter. Throws
  // sonde::Error when the device count cannot be read (driver gone); a field a device does not
  // support stays empty.
  std::vector<GpuInfo> read() const;
  // source "nvml", driver and CUDA driver versions, and read().
  GpuInventory inventory() const;

  struct Api;  // resolved function pointers (defined in gpu_nvml.cpp)

 private:
  Nvml(void* handle, std::unique_ptr<Api> api);
  void* handle_;              // dlopen handle
  std::unique_ptr<Api> api_;  // resolved entry points
};

}  // namespace sonde
