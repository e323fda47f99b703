// Runs sonde's real NVML code against a stub libnvidia-ml built by the tests (NVML_STUB_PATH).
#include "telemetry/gpu_nvml.hpp"

#include <dlfcn.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "telemetry/gpu_energy.hpp"
#include "telemetry/gpu_probe.hpp"
#include "telemetry/gpu_sampler.hpp"
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

TEST(Nvml, ReadsPowerAndTheEnergyCounter) {
  ScopedEnv power("SONDE_NVML_STUB_POWER_MW", "412500");
  auto nvml = Nvml::open(NVML_STUB_PATH);
  ASSERT_TRUE(nvml);
  {
    ScopedEnv energy("SONDE_NVML_STUB_ENERGY_MJ", "123456789");
    const auto gpus = nvml->read();
    ASSERT_EQ(gpus.size(), 2u);
    EXPECT_EQ(gpus[0].power_w, 412.5);        // nvmlDeviceGetPowerUsage: mW
    EXPECT_EQ(gpus[0].energy_j, 123456.789);  // nvmlDeviceGetTotalEnergyConsumption: mJ
    EXPECT_EQ(gpus[1].power_w, 120.0);
    EXPECT_FALSE(gpus[1].energy_j.has_value());  // NOT_SUPPORTED: a board without the counter
  }
  ScopedEnv energy("SONDE_NVML_STUB_ENERGY_MJ", "123457789");
  EXPECT_EQ(nvml->read()[0].energy_j, 123457.789);  // read again, not cached
}

// The sampler's energy path end to end on the stub: the counter difference for GPU 0, power
// integrated for GPU 1 (which has no counter), and a last reading taken at stop().
TEST(Nvml, SamplerEnergyThroughTheStub) {
  std::shared_ptr<Nvml> nvml = Nvml::open(NVML_STUB_PATH);
  ASSERT_TRUE(nvml);
  ScopedEnv energy("SONDE_NVML_STUB_ENERGY_MJ", "1000000");
  std::atomic<int> reads{0};
  GpuSampler sampler(
      [nvml, &reads] {
        auto gpus = nvml->read();
        ++reads;
        return gpus;
      },
      "nvml", std::chrono::hours(1));
  sampler.start(Clock::now());
  while (reads.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // The sampler thread now waits out its hour; the last reading is taken by stop() here.
  setenv("SONDE_NVML_STUB_ENERGY_MJ", "1250000", 1);  // +250 J by the final reading
  GpuMemoryRecord rec = sampler.stop();
  ASSERT_EQ(rec.samples, 2);  // the first at start, the last at stop
  const auto e = summarize_energy(rec);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->source, "nvml:mixed");
  ASSERT_EQ(e->per_gpu.size(), 2u);
  EXPECT_EQ(e->per_gpu[0].method, "energy_counter");
  EXPECT_DOUBLE_EQ(e->per_gpu[0].joules, 250.0);
  EXPECT_EQ(e->per_gpu[0].name, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(e->per_gpu[1].method, "power_integrated");
  // 120 W over the window between the two readings
  EXPECT_NEAR(e->per_gpu[1].joules, 120.0 * e->per_gpu[1].window_s, 1e-9);
  EXPECT_GE(e->per_gpu[1].window_s, 0.1);
  EXPECT_EQ(e->per_gpu[1].peak_power_w, 120.0);
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
