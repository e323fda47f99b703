// The scenario energy record from sampled readings (docs/metrics.md "Energy").
#include "telemetry/gpu_energy.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace sonde {
namespace {

GpuSample reading(double t_ms, int gpu, std::optional<double> power_w,
                  std::optional<double> energy_j) {
  GpuSample s;
  s.t_ms = t_ms;
  s.gpu = gpu;
  s.power_w = power_w;
  s.energy_j = energy_j;
  return s;
}

GpuMemoryRecord record(std::string source, std::vector<GpuSample> series) {
  GpuMemoryRecord r;
  r.source = std::move(source);
  r.series = std::move(series);
  r.gpus = {GpuMemorySummary{0, "G0", {}, {}, {}, {}}, GpuMemorySummary{1, "G1", {}, {}, {}, {}}};
  return r;
}

TEST(GpuEnergy, CounterDifferenceIsPreferredOverPower) {
  // The counter rises 1000 J over 2 s; the power readings alone would integrate to 800 J.
  const auto e = summarize_energy(record(
      "dcgm", {reading(0, 0, 400, 5000), reading(1000, 0, 400, 5400), reading(2000, 0, 400, 6000)}));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->source, "dcgm:energy_counter");
  ASSERT_EQ(e->per_gpu.size(), 1u);
  const GpuEnergy& g = e->per_gpu[0];
  EXPECT_EQ(g.index, 0);
  EXPECT_EQ(g.name, "G0");
  EXPECT_EQ(g.method, "energy_counter");
  EXPECT_DOUBLE_EQ(g.joules, 1000);
  EXPECT_DOUBLE_EQ(g.window_s, 2);
  EXPECT_DOUBLE_EQ(g.mean_power_w, 500);
  EXPECT_EQ(g.peak_power_w, 400);
  EXPECT_DOUBLE_EQ(e->joules, 1000);
  EXPECT_DOUBLE_EQ(e->mean_power_w, 500);
  EXPECT_TRUE(std::isnan(e->joules_per_output_token));  // set with the output tokens
}

TEST(GpuEnergy, PowerIsIntegratedByTrapezoidsWithoutACounter) {
  // 100 W -> 300 W over 1 s, then 300 W for 0.5 s: 200 + 150 = 350 J.
  const auto e = summarize_energy(record(
      "nvidia-smi", {reading(0, 0, 100, {}), reading(1000, 0, 300, {}), reading(1500, 0, 300, {})}));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->source, "nvidia-smi:power_integrated");
  EXPECT_DOUBLE_EQ(e->per_gpu[0].joules, 350);
  EXPECT_DOUBLE_EQ(e->per_gpu[0].mean_power_w, 350 / 1.5);
  EXPECT_EQ(e->per_gpu[0].peak_power_w, 300);
}

TEST(GpuEnergy, GpusAreSummedAndMethodsMayDiffer) {
  const auto e =
      summarize_energy(record("nvml", {reading(0, 0, {}, 100), reading(0, 1, 50, {}),
                                       reading(2000, 0, {}, 700), reading(2000, 1, 50, {})}));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->source, "nvml:mixed");
  ASSERT_EQ(e->per_gpu.size(), 2u);
  EXPECT_EQ(e->per_gpu[0].method, "energy_counter");
  EXPECT_FALSE(e->per_gpu[0].peak_power_w.has_value());
  EXPECT_EQ(e->per_gpu[1].method, "power_integrated");
  EXPECT_DOUBLE_EQ(e->joules, 600 + 100);
  EXPECT_DOUBLE_EQ(e->mean_power_w, 300 + 50);
}

TEST(GpuEnergy, ACounterThatGoesBackwardsAddsNothingForThatInterval) {
  // Driver reloaded between the 2nd and 3rd reading: 100 J before, 0 across, 50 J after.
  const auto e =
      summarize_energy(record("nvml", {reading(0, 0, {}, 1000), reading(1000, 0, {}, 1100),
                                       reading(2000, 0, {}, 20), reading(3000, 0, {}, 70)}));
  ASSERT_TRUE(e);
  EXPECT_DOUBLE_EQ(e->joules, 150);
}

TEST(GpuEnergy, FewerThanTwoReadingsOrNoPowerGiveNoRecord) {
  EXPECT_FALSE(summarize_energy(record("nvml", {reading(0, 0, 300, 1000)})));
  GpuSample memory_only;
  memory_only.used_bytes = 5;
  EXPECT_FALSE(summarize_energy(record("nvml", {memory_only, memory_only})));
  EXPECT_FALSE(summarize_energy(record("none", {})));
}

TEST(GpuEnergy, JoulesPerOutputTokenDividesByTheScenariosTokens) {
  auto e = summarize_energy(record("dcgm", {reading(0, 0, {}, 0), reading(1000, 0, {}, 500)}));
  ASSERT_TRUE(e);
  set_output_tokens(*e, 2000);
  EXPECT_EQ(e->output_tokens, 2000);
  EXPECT_DOUBLE_EQ(e->joules_per_output_token, 0.25);
  set_output_tokens(*e, 0);
  EXPECT_TRUE(std::isnan(e->joules_per_output_token));
}

}  // namespace
}  // namespace sonde
