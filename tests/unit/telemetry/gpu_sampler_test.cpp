#include "telemetry/gpu_sampler.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace sonde {
namespace {

using namespace std::chrono_literals;

// A source whose GPU 0 usage grows by 1000 bytes per read (GPU 1 stays at 500), and which
// lets the test wait until it has been read `n` times.
class RisingSource {
 public:
  GpuReadFn fn() {
    return [this] {
      std::lock_guard lk(mu_);
      ++calls_;
      cv_.notify_all();
      GpuInfo a{
          0, "A", "", "", 1'000'000, calls_ * 1000, double(calls_ % 7), std::nullopt, std::nullopt};
      GpuInfo b{1, "B", "", "", 2'000'000, 500, std::nullopt, std::nullopt, std::nullopt};
      return std::vector<GpuInfo>{a, b};
    };
  }
  // Bounded wait (generous deadline) for `n` reads; false if they never came.
  bool wait_for_calls(uint64_t n) {
    std::unique_lock lk(mu_);
    return cv_.wait_for(lk, 30s, [&] { return calls_ >= n; });
  }
  uint64_t calls() {
    std::lock_guard lk(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t calls_ = 0;
};

TEST(GpuSampler, PeakAndMeanOverChangingReadings) {
  RisingSource src;
  GpuSampler sampler(src.fn(), "nvml", 1ms);
  sampler.start(Clock::now());
  ASSERT_TRUE(src.wait_for_calls(5));
  const GpuMemoryRecord r = sampler.stop();
  const uint64_t n = src.calls();  // no read after stop() returned
  EXPECT_EQ(r.source, "nvml");
  EXPECT_EQ(r.interval_ms, 1.0);
  EXPECT_EQ(static_cast<uint64_t>(r.samples), n);
  ASSERT_EQ(r.series.size(), 2 * n);
  ASSERT_EQ(r.gpus.size(), 2u);
  const GpuMemorySummary& a = r.gpus[0];
  EXPECT_EQ(a.index, 0);
  EXPECT_EQ(a.name, "A");
  EXPECT_EQ(a.peak_used_bytes, n * 1000);
  // mean of 1000, 2000, ..., n*1000 = (n+1)*500
  EXPECT_EQ(a.mean_used_bytes, (n + 1) * 500);
  EXPECT_EQ(a.total_bytes, 1'000'000u);
  EXPECT_EQ(a.peak_utilization_pct, double(std::min<uint64_t>(n, 6)));
  const GpuMemorySummary& b = r.gpus[1];
  EXPECT_EQ(b.peak_used_bytes, 500u);
  EXPECT_EQ(b.mean_used_bytes, 500u);
  EXPECT_FALSE(b.peak_utilization_pct.has_value());
  for (size_t i = 1; i < r.series.size(); ++i) EXPECT_GE(r.series[i].t_ms, r.series[i - 1].t_ms);
  EXPECT_EQ(src.calls(), n);
}

TEST(GpuSampler, StopWakesTheThreadInsteadOfSleepingOutTheInterval) {
  RisingSource src;
  GpuSampler sampler(src.fn(), "nvml", std::chrono::hours(1));
  sampler.start(Clock::now());
  ASSERT_TRUE(src.wait_for_calls(1));  // the first reading is taken at once
  const auto before = Clock::now();
  const GpuMemoryRecord r = sampler.stop();
  // Bounded, not a performance assertion: sleeping out the interval would take an hour.
  EXPECT_LT(Clock::now() - before, 10s);
  EXPECT_EQ(r.samples, 1);
}

TEST(GpuSampler, RestartDiscardsThePreviousScenario) {
  RisingSource src;
  GpuSampler sampler(src.fn(), "nvml", 1ms);
  sampler.start(Clock::now());
  ASSERT_TRUE(src.wait_for_calls(3));
  sampler.stop();
  const uint64_t before = src.calls();
  sampler.start(Clock::now());
  ASSERT_TRUE(src.wait_for_calls(before + 2));
  const GpuMemoryRecord r = sampler.stop();
  EXPECT_EQ(static_cast<uint64_t>(r.samples), src.calls() - before);
  EXPECT_EQ(r.gpus[0].peak_used_bytes, src.calls() * 1000);
}

TEST(GpuSampler, FailedReadsAreCountedNotFatal) {
  std::mutex mu;
  std::condition_variable cv;
  int calls = 0;
  GpuSampler sampler(
      [&]() -> std::vector<GpuInfo> {
        std::lock_guard lk(mu);
        ++calls;
        cv.notify_all();
        throw std::runtime_error("nvidia-smi: exit status 9");
      },
      "nvidia-smi", 1ms);
  sampler.start(Clock::now());
  {
    std::unique_lock lk(mu);
    ASSERT_TRUE(cv.wait_for(lk, 30s, [&] { return calls >= 3; }));
  }
  const GpuMemoryRecord r = sampler.stop();
  EXPECT_EQ(r.samples, 0);
  EXPECT_GE(r.failed_reads, 3);
  EXPECT_EQ(r.last_error, "nvidia-smi: exit status 9");
  EXPECT_TRUE(r.gpus.empty());
  const nlohmann::json j = nlohmann::json(r);
  EXPECT_EQ(j.at("failed_reads"), r.failed_reads);
}

TEST(GpuSampler, NoSourceGivesAnEmptyRecord) {
  GpuSampler sampler(GpuReadFn{}, "none");
  sampler.start(Clock::now());
  const GpuMemoryRecord r = sampler.stop();
  EXPECT_EQ(r.source, "none");
  EXPECT_EQ(r.samples, 0);
  EXPECT_TRUE(r.gpus.empty());
}

TEST(GpuSeries, SummaryIgnoresMissingValues) {
  const std::vector<GpuSample> series = {
      {0, 0, 100, 1000, 10.0, std::nullopt, std::nullopt},
      {250, 0, std::nullopt, 1000, std::nullopt, std::nullopt, std::nullopt},
      {500, 0, 301, 1000, 5.0, std::nullopt, std::nullopt},
  };
  const auto s = summarize_gpu_series(series, {{0, "X"}, {1, "never read"}});
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].peak_used_bytes, 301u);
  EXPECT_EQ(s[0].mean_used_bytes, 201u);  // (100 + 301) / 2 = 200.5, rounded
  EXPECT_EQ(s[0].peak_utilization_pct, 10.0);
  EXPECT_EQ(s[1].name, "never read");
  EXPECT_FALSE(s[1].peak_used_bytes.has_value());
  EXPECT_FALSE(s[1].mean_used_bytes.has_value());
}

TEST(GpuMemoryJson, RoundTripsAndNullsUnknowns) {
  GpuMemoryRecord r;
  r.source = "dcgm";
  r.interval_ms = 250;
  r.samples = 12;
  r.gpus = {
      {0, "NVIDIA H100 80GB HBM3", 75'000'000'000ull, 74'000'000'000ull, 85'520'809'984ull, 99.0},
      {1, "B", std::nullopt, std::nullopt, std::nullopt, std::nullopt}};
  const nlohmann::json j = nlohmann::json(r);
  EXPECT_EQ(j.at("source"), "dcgm");
  EXPECT_EQ(j.at("interval_ms"), 250.0);
  EXPECT_EQ(j.at("samples"), 12);
  EXPECT_EQ(j.at("gpus").at(0).at("peak_used_bytes"), 75'000'000'000ull);
  EXPECT_TRUE(j.at("gpus").at(1).at("mean_used_bytes").is_null());
  EXPECT_TRUE(j.at("gpus").at(1).at("peak_utilization_pct").is_null());
  EXPECT_FALSE(j.contains("failed_reads"));

  const GpuMemoryRecord back = j.get<GpuMemoryRecord>();
  EXPECT_EQ(back.source, "dcgm");
  EXPECT_EQ(back.samples, 12);
  ASSERT_EQ(back.gpus.size(), 2u);
  EXPECT_EQ(back.gpus[0].total_bytes, 85'520'809'984ull);
  EXPECT_EQ(back.gpus[0].peak_utilization_pct, 99.0);
  EXPECT_FALSE(back.gpus[1].peak_used_bytes.has_value());
  EXPECT_EQ(nlohmann::json(back), j);
}

TEST(GpuSeriesJsonl, OneLinePerSample) {
  GpuMemoryRecord r;
  r.series = {{0.5, 0, 100, 1000, 3.0, std::nullopt, std::nullopt},
              {250.5, 1, std::nullopt, 2000, std::nullopt, std::nullopt, std::nullopt}};
  std::ostringstream out;
  write_gpu_series_jsonl(out, "in1024_out128_c4", r);
  std::istringstream in(out.str());
  std::string line;
  std::vector<nlohmann::json> lines;
  while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("scenario"), "in1024_out128_c4");
  EXPECT_EQ(lines[0].at("t_ms"), 0.5);
  EXPECT_EQ(lines[0].at("gpu"), 0);
  EXPECT_EQ(lines[0].at("used_bytes"), 100);
  EXPECT_EQ(lines[0].at("total_bytes"), 1000);
  EXPECT_EQ(lines[0].at("utilization_pct"), 3.0);
  EXPECT_EQ(lines[1].at("gpu"), 1);
  EXPECT_TRUE(lines[1].at("used_bytes").is_null());
  EXPECT_TRUE(lines[1].at("utilization_pct").is_null());
  EXPECT_FALSE(lines[0].contains("power_w"));  // a source without power writes no such keys
  EXPECT_FALSE(lines[0].contains("energy_j"));
}

TEST(GpuSeriesJsonl, PowerAndEnergyWhenRead) {
  GpuMemoryRecord r;
  r.series = {{0.5, 0, 100, 1000, 3.0, 412.5, 1234.567}};
  std::ostringstream out;
  write_gpu_series_jsonl(out, "s", r);
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j.at("power_w"), 412.5);
  EXPECT_EQ(j.at("energy_j"), 1234.567);
}

// With a source that reads power, stop() takes one last reading so that the scenario's energy
// runs to its end; a memory-only source is not read again.
TEST(GpuSampler, PowerSourceIsReadOnceMoreAtStop) {
  for (const bool power : {false, true}) {
    std::atomic<int> reads{0};
    GpuSampler sampler(
        [&] {
          ++reads;
          GpuInfo g;
          if (power) g.power_w = 100;
          return std::vector<GpuInfo>{g};
        },
        "nvml", std::chrono::hours(1));
    sampler.start(Clock::now());
    while (reads.load() == 0) std::this_thread::sleep_for(1ms);
    const GpuMemoryRecord r = sampler.stop();
    EXPECT_EQ(reads.load(), power ? 2 : 1);
    EXPECT_EQ(r.samples, power ? 2 : 1);
  }
}

}  // namespace
}  // namespace sonde
