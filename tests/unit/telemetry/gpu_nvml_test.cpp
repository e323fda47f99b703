// Runs sonde's real NVML code against a stub libnvidia-ml built by the tests (NVML_STUB_PATH).
#include "telemetry/gpu_nvml.hpp"

#include <dlfcn.h>

#include <gtest/gtest.h>

#include "telemetry/gpu_probe.hpp"
#include "telemetry_test_util.hpp"

namespace sonde {
namespace {

using test::ScopedEnv;

constexpr uint64_t kH100Total = 85520809984ull;

// The stub's init/shutdown balance, read through our own handle on the same library.
int live_inits() {
  static void* h = dlopen(NVML_STUB_PATH, RTLD_NOW | RTLD_LOCAL);
  auto fn = reinterpret_cast<int (*)()>(dlsym(h, "nvml_stub_live_inits"));
  return fn ? fn() : -1;
}

TEST(Nvml, ReadsTwoGpusThroughTheStub) {
  ScopedEnv used("SONDE_NVML_STUB_USED_BYTES", "10737418240");  // 10 GiB
  ASSERT_EQ(live_inits(), 0);
  std::string why;
  auto nvml = Nvml::open(NVML_STUB_PATH, &why);
  ASSERT_TRUE(nvml) << why;
  EXPECT_EQ(live_inits(), 1);
  const GpuInventory inv = nvml->inventory();
  EXPECT_EQ(inv.source, "nvml");
  EXPECT_EQ(inv.driver_version, "550.54.15");
  EXPECT_EQ(inv.cuda_driver_version, "12.4");
  ASSERT_EQ(inv.gpus.size(), 2u);
  const GpuInfo& g0 = inv.gpus[0];
  EXPECT_EQ(g0.index, 0);
  EXPECT_EQ(g0.name, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(g0.uuid, "GPU-00000000-1111-2222-3333-444444444444");
  EXPECT_EQ(g0.pci_bus_id, "00000000:18:00.0");
  EXPECT_EQ(g0.memory_total_bytes, kH100Total);
  EXPECT_EQ(g0.memory_used_bytes, 10737418240ull);
  EXPECT_EQ(g0.utilization_pct, 37.0);
  const GpuInfo& g1 = inv.gpus[1];
  EXPECT_EQ(g1.pci_bus_id, "00000000:2A:00.0");
  EXPECT_EQ(g1.memory_used_bytes, 2 * 10737418240ull);
  EXPECT_FALSE(g1.utilization_pct.has_value());  // the stub answers NOT_SUPPORTED
  nvml.reset();
  EXPECT_EQ(live_inits(), 0);  // nvmlShutdown was called
}

TEST(Nvml, ReadSeesMemoryChange) {
  auto nvml = Nvml::open(NVML_STUB_PATH);
  ASSERT_TRUE(nvml);
  {
    ScopedEnv used("SONDE_NVML_STUB_USED_BYTES", "1000");
    EXPECT_EQ(nvml->read()[0].memory_used_bytes, 1000u);
  }
  {
    ScopedEnv used("SONDE_NVML_STUB_USED_BYTES", "5000");
    EXPECT_EQ(nvml->read()[0].memory_used_bytes, 5000u);
  }
}

TEST(Nvml, MissingLibraryOrFailedInitExplains) {
  std::string why;
  EXPECT_FALSE(Nvml::open("/nonexistent/libnvidia-ml.so.1", &why));
  EXPECT_NE(why.find("/nonexistent/libnvidia-ml.so.1"), std::string::npos) << why;
  ScopedEnv fail("SONDE_NVML_STUB_FAIL_INIT", "1");
  EXPECT_FALSE(Nvml::open(NVML_STUB_PATH, &why));
  EXPECT_NE(why.find("Driver Not Loaded"), std::string::npos) << why;
}

TEST(Nvml, LibraryPathOverridableFromEnvironment) {
  {
    ScopedEnv lib("SONDE_NVML_LIBRARY", NVML_STUB_PATH);
    EXPECT_EQ(default_nvml_library(), NVML_STUB_PATH);
    const GpuProbe probe = probe_gpus({});  // default options pick up the override
    EXPECT_EQ(probe.inventory.source, "nvml");
    EXPECT_EQ(probe.inventory.gpus.size(), 2u);
  }
  ScopedEnv unset("SONDE_NVML_LIBRARY", std::nullopt);
  EXPECT_EQ(default_nvml_library(), "libnvidia-ml.so.1");
}

}  // namespace
}  // namespace sonde
