#include "telemetry/gpu_probe.hpp"

#include <gtest/gtest.h>

#include "telemetry_test_util.hpp"

namespace sonde {
namespace {

GpuProbeOptions local(const std::string& nvml, const std::string& smi) {
  GpuProbeOptions o;
  o.nvml_library = nvml;
  o.nvidia_smi = smi;
  return o;
}

using test::ScopedEnv;
using test::ScratchDir;

TEST(GpuProbe, NvmlFirst) {
  ScratchDir dir;
  const GpuProbe p = probe_gpus(
      local(NVML_STUB_PATH, test::write_fake_nvidia_smi(dir.path(), "nvidia_smi_2gpu.csv")));
  EXPECT_EQ(p.inventory.source, "nvml");
  ASSERT_TRUE(p.read);
  EXPECT_EQ(p.read().size(), 2u);
}

TEST(GpuProbe, MissingNvmlFallsThroughToNvidiaSmi) {
  ScratchDir dir;
  const GpuProbe p =
      probe_gpus(local("/nonexistent/libnvidia-ml.so.1",
                       test::write_fake_nvidia_smi(dir.path(), "nvidia_smi_2gpu.csv")));
  EXPECT_EQ(p.inventory.source, "nvidia-smi");
  EXPECT_EQ(p.inventory.driver_version, "550.54.15");
  EXPECT_EQ(p.inventory.cuda_driver_version, "12.4");
  ASSERT_EQ(p.inventory.gpus.size(), 2u);
  EXPECT_EQ(p.inventory.gpus[0].memory_used_bytes, 72411ull * kMiB);
  ASSERT_TRUE(p.read);
  EXPECT_EQ(p.read().size(), 2u);
}

TEST(GpuProbe, FailedNvmlInitFallsThroughToNvidiaSmi) {
  ScopedEnv fail("SONDE_NVML_STUB_FAIL_INIT", "1");
  ScratchDir dir;
  const GpuProbe p = probe_gpus(
      local(NVML_STUB_PATH, test::write_fake_nvidia_smi(dir.path(), "nvidia_smi_na.csv")));
  EXPECT_EQ(p.inventory.source, "nvidia-smi");
  EXPECT_EQ(p.inventory.gpus.size(), 2u);
}

TEST(GpuProbe, NothingFoundIsANormalAnswer) {
  const GpuProbe p = probe_gpus(local("/nonexistent/libnvidia-ml.so.1", "/nonexistent/nvidia-smi"));
  EXPECT_EQ(p.inventory.source, "none");
  EXPECT_TRUE(p.inventory.gpus.empty());
  EXPECT_EQ(p.inventory.note.rfind("no NVIDIA GPU found", 0), 0u) << p.inventory.note;
  EXPECT_NE(p.inventory.note.find("nvidia-smi"), std::string::npos);
  EXPECT_FALSE(p.read);
}

}  // namespace
}  // namespace sonde
