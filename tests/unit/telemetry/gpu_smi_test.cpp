#include "telemetry/gpu_smi.hpp"

#include <gtest/gtest.h>

#include "telemetry_test_util.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

using namespace std::chrono_literals;
using test::read_fixture;

TEST(NvidiaSmiCsv, TwoGpus) {
  const SmiParse p = parse_nvidia_smi_csv(read_fixture("nvidia_smi_2gpu.csv"));
  ASSERT_EQ(p.gpus.size(), 2u);
  EXPECT_EQ(p.driver_version, "550.54.15");
  const GpuInfo& g = p.gpus[1];
  EXPECT_EQ(g.index, 1);
  EXPECT_EQ(g.name, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(g.uuid, "GPU-9b1c7d3e-4a5f-6b7c-8d9e-0f1a2b3c4d5e");
  EXPECT_EQ(g.pci_bus_id, "00000000:2A:00.0");
  EXPECT_EQ(g.memory_total_bytes, 81559ull * kMiB);
  EXPECT_EQ(g.memory_used_bytes, 72389ull * kMiB);
  EXPECT_EQ(g.utilization_pct, 95.0);
  EXPECT_EQ(g.power_w, 671.07);          // power.draw, W
  EXPECT_FALSE(g.energy_j.has_value());  // nvidia-smi has no energy counter field
}

TEST(NvidiaSmiCsv, OutputWithoutPowerColumnStillParses) {
  // The query before power.draw was added (8 fields), e.g. a recorded fixture.
  const SmiParse p =
      parse_nvidia_smi_csv("0, NVIDIA L4, GPU-x, 00000000:01:00.0, 23034, 100, 5, 550.54.15\n");
  ASSERT_EQ(p.gpus.size(), 1u);
  EXPECT_FALSE(p.gpus[0].power_w.has_value());
}

TEST(NvidiaSmiCsv, NotAvailableFieldsStayEmptyAndJunkLinesAreSkipped) {
  const SmiParse p = parse_nvidia_smi_csv(read_fixture("nvidia_smi_na.csv"));
  ASSERT_EQ(p.gpus.size(), 2u);
  EXPECT_EQ(p.gpus[0].memory_total_bytes, 40960ull * kMiB);
  EXPECT_FALSE(p.gpus[0].memory_used_bytes.has_value());
  EXPECT_FALSE(p.gpus[0].utilization_pct.has_value());
  EXPECT_FALSE(p.gpus[1].memory_total_bytes.has_value());
  EXPECT_FALSE(p.gpus[1].memory_used_bytes.has_value());
  EXPECT_EQ(p.gpus[1].utilization_pct, 0.0);
  EXPECT_EQ(p.gpus[1].pci_bus_id, "00000009:01:00.0");
  EXPECT_FALSE(p.gpus[0].power_w.has_value());  // "[N/A]"
  EXPECT_EQ(p.gpus[1].power_w, 402.5);
}

TEST(NvidiaSmiCsv, ErrorTextGivesNoGpu) {
  EXPECT_TRUE(parse_nvidia_smi_csv("No devices were found\n").gpus.empty());
  EXPECT_TRUE(parse_nvidia_smi_csv("").gpus.empty());
}

TEST(NvidiaSmiBanner, CudaVersion) {
  EXPECT_EQ(parse_smi_cuda_version(read_fixture("nvidia_smi_banner.txt")), "12.4");
  EXPECT_EQ(parse_smi_cuda_version("| CUDA Version: N/A |"), "");
  EXPECT_EQ(parse_smi_cuda_version("nothing here"), "");
}

TEST(NvidiaSmiRun, QueriesTheBinaryWithSondesArguments) {
  test::ScratchDir dir;
  const std::string smi = test::write_fake_nvidia_smi(dir.path(), "nvidia_smi_2gpu.csv");
  const auto gpus = query_nvidia_smi(smi, 10s);
  ASSERT_EQ(gpus.size(), 2u);
  EXPECT_EQ(gpus[0].memory_used_bytes, 72411ull * kMiB);

  std::string why;
  const auto inv = smi_inventory(smi, 10s, &why);
  ASSERT_TRUE(inv.has_value()) << why;
  EXPECT_EQ(inv->source, "nvidia-smi");
  EXPECT_EQ(inv->driver_version, "550.54.15");
  EXPECT_EQ(inv->cuda_driver_version, "12.4");
}

TEST(NvidiaSmiRun, MissingBinaryThrowsForTheSamplerAndExplainsForTheProbe) {
  EXPECT_THROW(query_nvidia_smi("/nonexistent/nvidia-smi", 10s), Error);
  std::string why;
  EXPECT_FALSE(smi_inventory("/nonexistent/nvidia-smi", 10s, &why).has_value());
  EXPECT_NE(why.find("not found"), std::string::npos) << why;
}

}  // namespace
}  // namespace sonde
