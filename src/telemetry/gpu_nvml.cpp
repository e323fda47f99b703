// The few NVML types below are declared here to match nvml.h's ABI (stable across driver
// releases for these calls), so building sonde needs no CUDA headers.
#include "telemetry/gpu_nvml.hpp"

#include <dlfcn.h>

#include <cstdlib>

#include "util/error.hpp"

namespace sonde {
namespace {

using nvmlReturn_t = int;  // an enum in nvml.h; NVML_SUCCESS is 0
using nvmlDevice_t = struct nvmlDevice_st*;
constexpr nvmlReturn_t kNvmlSuccess = 0;

struct nvmlMemory_t {
  unsigned long long total;  // bytes
  unsigned long long free;   // bytes
  unsigned long long used;   // bytes
};
struct nvmlUtilization_t {
  unsigned int gpu;     // percent of time a kernel ran over the last sample period
  unsigned int memory;  // percent of time memory was read or written
};
struct nvmlPciInfo_t {
  char busIdLegacy[16];  // NVML_DEVICE_PCI_BUS_ID_BUFFER_V2_SIZE
  unsigned int domain;
  unsigned int bus;
  unsigned int device;
  unsigned int pciDeviceId;
  unsigned int pciSubSystemId;
  char busId[32];  // NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE
};

constexpr unsigned kNameBuffer = 96;    // NVML_DEVICE_NAME_V2_BUFFER_SIZE
constexpr unsigned kUuidBuffer = 96;    // NVML_DEVICE_UUID_V2_BUFFER_SIZE
constexpr unsigned kDriverBuffer = 80;  // NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE

template <typename Fn>
Fn sym(void* handle, const char* name) {
  return reinterpret_cast<Fn>(dlsym(handle, name));
}

}  // namespace

struct Nvml::Api {
  nvmlReturn_t (*init)() = nullptr;
  nvmlReturn_t (*shutdown)() = nullptr;
  const char* (*error_string)(nvmlReturn_t) = nullptr;  // optional
  nvmlReturn_t (*count)(unsigned int*) = nullptr;
  nvmlReturn_t (*handle_by_index)(unsigned int, nvmlDevice_t*) = nullptr;
  nvmlReturn_t (*memory)(nvmlDevice_t, nvmlMemory_t*) = nullptr;
  // Optional: a missing one leaves its field empty.
  nvmlReturn_t (*name)(nvmlDevice_t, char*, unsigned int) = nullptr;
  nvmlReturn_t (*uuid)(nvmlDevice_t, char*, unsigned int) = nullptr;
  nvmlReturn_t (*pci)(nvmlDevice_t, nvmlPciInfo_t*) = nullptr;
  nvmlReturn_t (*utilization)(nvmlDevice_t, nvmlUtilization_t*) = nullptr;
  nvmlReturn_t (*driver_version)(char*, unsigned int) = nullptr;
  nvmlReturn_t (*cuda_version)(int*) = nullptr;
  nvmlReturn_t (*power)(nvmlDevice_t, unsigned int*) = nullptr;         // mW, board draw now
  nvmlReturn_t (*energy)(nvmlDevice_t, unsigned long long*) = nullptr;  // mJ since driver load

  std::string describe(nvmlReturn_t rc) const {
    const char* s = error_string ? error_string(rc) : nullptr;
    return s ? std::string(s) + " (" + std::to_string(rc) + ")" : "error " + std::to_string(rc);
  }
};

std::string default_nvml_library() {
  const char* env = std::getenv("SONDE_NVML_LIBRARY");
  return env && *env ? env : "libnvidia-ml.so.1";
}

std::unique_ptr<Nvml> Nvml::open(const std::string& library, std::string* why) {
  auto fail = [&](const std::string& reason) -> std::unique_ptr<Nvml> {
    if (why) *why = reason;
    return nullptr;
  };
  void* h = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) return fail("cannot load " + library);
  auto api = std::make_unique<Api>();
  api->init = sym<decltype(api->init)>(h, "nvmlInit_v2");
  api->shutdown = sym<decltype(api->shutdown)>(h, "nvmlShutdown");
  api->error_string = sym<decltype(api->error_string)>(h, "nvmlErrorString");
  api->count = sym<decltype(api->count)>(h, "nvmlDeviceGetCount_v2");
  api->handle_by_index = sym<decltype(api->handle_by_index)>(h, "nvmlDeviceGetHandleByIndex_v2");
  api->memory = sym<decltype(api->memory)>(h, "nvmlDeviceGetMemoryInfo");
  api->name = sym<decltype(api->name)>(h, "nvmlDeviceGetName");
  api->uuid = sym<decltype(api->uuid)>(h, "nvmlDeviceGetUUID");
  api->pci = sym<decltype(api->pci)>(h, "nvmlDeviceGetPciInfo_v3");
  if (!api->pci) api->pci = sym<decltype(api->pci)>(h, "nvmlDeviceGetPciInfo_v2");
  api->utilization = sym<decltype(api->utilization)>(h, "nvmlDeviceGetUtilizationRates");
  api->driver_version = sym<decltype(api->driver_version)>(h, "nvmlSystemGetDriverVersion");
  api->cuda_version = sym<decltype(api->cuda_version)>(h, "nvmlSystemGetCudaDriverVersion_v2");
  api->power = sym<decltype(api->power)>(h, "nvmlDeviceGetPowerUsage");
  api->energy = sym<decltype(api->energy)>(h, "nvmlDeviceGetTotalEnergyConsumption");
  if (!api->init || !api->shutdown || !api->count || !api->handle_by_index || !api->memory) {
    dlclose(h);
    return fail(library + " lacks the NVML entry points sonde needs (driver too old?)");
  }
  const nvmlReturn_t rc = api->init();
  if (rc != kNvmlSuccess) {
    const std::string reason = "nvmlInit failed: " + api->describe(rc);
    dlclose(h);
    return fail(reason);
  }
  return std::unique_ptr<Nvml>(new Nvml(h, std::move(api)));
}

Nvml::Nvml(void* handle, std::unique_ptr<Api> api) : handle_(handle), api_(std::move(api)) {}

Nvml::~Nvml() {
  api_->shutdown();
  dlclose(handle_);
}

std::vector<GpuInfo> Nvml::read() const {
  unsigned int n = 0;
  const nvmlReturn_t rc = api_->count(&n);
  if (rc != kNvmlSuccess) {
    throw Error(ExitCode::failure, "NVML device count: " + api_->describe(rc));
  }
  std::vector<GpuInfo> out;
  for (unsigned int i = 0; i < n; ++i) {
    nvmlDevice_t dev = nullptr;
    if (api_->handle_by_index(i, &dev) != kNvmlSuccess) continue;  // e.g. no permission
    GpuInfo g;
    g.index = static_cast<int>(i);
    char buf[kNameBuffer] = {};
    if (api_->name && api_->name(dev, buf, sizeof buf) == kNvmlSuccess) g.name = buf;
    char ubuf[kUuidBuffer] = {};
    if (api_->uuid && api_->uuid(dev, ubuf, sizeof ubuf) == kNvmlSuccess) g.uuid = ubuf;
    nvmlPciInfo_t pci{};
    if (api_->pci && api_->pci(dev, &pci) == kNvmlSuccess) {
      pci.busId[sizeof pci.busId - 1] = '\0';
      pci.busIdLegacy[sizeof pci.busIdLegacy - 1] = '\0';
      g.pci_bus_id = pci.busId[0] != '\0' ? pci.busId : pci.busIdLegacy;
    }
    nvmlMemory_t mem{};
    if (api_->memory(dev, &mem) == kNvmlSuccess) {
      g.memory_total_bytes = mem.total;
      g.memory_used_bytes = mem.used;
    }
    nvmlUtilization_t util{};
    if (api_->utilization && api_->utilization(dev, &util) == kNvmlSuccess) {
      g.utilization_pct = util.gpu;  // MIG instances and some boards report NOT_SUPPORTED
    }
    unsigned int milliwatts = 0;
    if (api_->power && api_->power(dev, &milliwatts) == kNvmlSuccess) g.power_w = milliwatts / 1e3;
    unsigned long long millijoules = 0;  // Volta and newer; older boards: NOT_SUPPORTED
    if (api_->energy && api_->energy(dev, &millijoules) == kNvmlSuccess) {
      g.energy_j = static_cast<double>(millijoules) / 1e3;
    }
    out.push_back(std::move(g));
  }
  return out;
}

GpuInventory Nvml::inventory() const {
  GpuInventory inv;
  inv.source = "nvml";
  char buf[kDriverBuffer] = {};
  if (api_->driver_version && api_->driver_version(buf, sizeof buf) == kNvmlSuccess) {
    inv.driver_version = buf;
  }
  int cuda = 0;
  if (api_->cuda_version && api_->cuda_version(&cuda) == kNvmlSuccess) {
    inv.cuda_driver_version = cuda_version_string(cuda);
  }
  inv.gpus = read();
  return inv;
}

}  // namespace sonde
