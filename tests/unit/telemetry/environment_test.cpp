#include "telemetry/environment.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "telemetry/specs_text.hpp"
#include "telemetry_test_util.hpp"

namespace sonde {
namespace {

SystemSpecs sample_system() {
  SystemSpecs s;
  s.cpu_model = "Intel(R) Xeon(R) Platinum 8480+";
  s.arch = "x86_64";
  s.cpu_cores = 112;
  s.cpu_threads = 224;
  s.memory_bytes = 2113433600ull * 1024;
  s.os_name = "Ubuntu 22.04.4 LTS";
  s.os_version = "22.04";
  s.kernel = "5.15.0-105-generic";
  s.hostname = "gpu-node-1";
  return s;
}

GpuInventory sample_gpus() {
  GpuInventory g;
  g.source = "nvml";
  g.driver_version = "550.54.15";
  g.cuda_driver_version = "12.4";
  g.gpus = {{0, "NVIDIA H100 80GB HBM3", "GPU-0000", "00000000:18:00.0", 85520809984ull,
             10737418240ull, 37.0, std::nullopt, std::nullopt},
            {1, "NVIDIA H100 80GB HBM3", "GPU-1111", "00000000:2A:00.0", 85520809984ull,
             std::nullopt, std::nullopt, std::nullopt, std::nullopt}};
  return g;
}

TEST(EnvironmentJson, Shape) {
  const nlohmann::json j = nlohmann::json(Environment{sample_system(), sample_gpus(), ""});
  EXPECT_EQ(j.at("cpu").at("model"), "Intel(R) Xeon(R) Platinum 8480+");
  EXPECT_EQ(j.at("cpu").at("cores"), 112);
  EXPECT_EQ(j.at("cpu").at("threads"), 224);
  EXPECT_EQ(j.at("memory_bytes"), 2113433600ull * 1024);
  EXPECT_EQ(j.at("os").at("name"), "Ubuntu 22.04.4 LTS");
  EXPECT_EQ(j.at("os").at("version"), "22.04");
  EXPECT_EQ(j.at("os").at("kernel"), "5.15.0-105-generic");
  EXPECT_EQ(j.at("hostname"), "gpu-node-1");
  const nlohmann::json& g = j.at("gpus");
  EXPECT_EQ(g.at("source"), "nvml");
  EXPECT_EQ(g.at("cuda_driver_version"), "12.4");
  EXPECT_EQ(g.at("count"), 2);
  EXPECT_EQ(g.at("devices").at(0).at("memory_total_bytes"), 85520809984ull);
  EXPECT_EQ(g.at("devices").at(0).at("pci_bus_id"), "00000000:18:00.0");
  EXPECT_TRUE(g.at("devices").at(1).at("memory_used_bytes").is_null());
  EXPECT_TRUE(g.at("devices").at(1).at("utilization_pct").is_null());
}

TEST(EnvironmentJson, RoundTrip) {
  const nlohmann::json j = nlohmann::json(Environment{sample_system(), sample_gpus(), ""});
  const Environment e = j.get<Environment>();
  EXPECT_EQ(e.system.hostname, "gpu-node-1");
  EXPECT_EQ(e.system.cpu_cores, 112);
  EXPECT_EQ(e.gpus.gpus.size(), 2u);
  EXPECT_EQ(e.gpus.gpus[0].memory_used_bytes, 10737418240ull);
  EXPECT_EQ(nlohmann::json(Environment{e.system, e.gpus, ""}), j);
}

TEST(EnvironmentJson, EmptyObjectReadsAsUnknown) {
  const Environment e = nlohmann::json::object().get<Environment>();
  EXPECT_EQ(e.gpus.source, "none");
  EXPECT_TRUE(e.gpus.gpus.empty());
  EXPECT_EQ(e.system.memory_bytes, 0u);
}

TEST(SpecsText, WithGpusAndServer) {
  ServerFacts server{"http://10.0.0.5:8000", "0.6.3.post1", "meta-llama/Llama-3.1-8B-Instruct",
                     "/models/llama-3.1-8b", 131072};
  const std::string t = format_specs_text(sample_system(), sample_gpus(), server);
  EXPECT_NE(t.find("CPU            Intel(R) Xeon(R) Platinum 8480+ (x86_64)\n"), std::string::npos)
      << t;
  EXPECT_NE(t.find("Cores          112 physical, 224 threads\n"), std::string::npos) << t;
  EXPECT_NE(t.find("RAM            2015.5 GiB\n"), std::string::npos) << t;
  EXPECT_NE(t.find("OS             Ubuntu 22.04.4 LTS\n"), std::string::npos) << t;
  EXPECT_NE(t.find("GPUs           2 (via NVML)\n"), std::string::npos) << t;
  EXPECT_NE(t.find("  GPU 0        NVIDIA H100 80GB HBM3, 79.6 GiB, 10.0 GiB used, util 37 %\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("GPU-1111, bus 00000000:2A:00.0"), std::string::npos) << t;
  EXPECT_NE(t.find("Driver         550.54.15\n"), std::string::npos) << t;
  EXPECT_NE(t.find("CUDA driver    12.4\n"), std::string::npos) << t;
  EXPECT_NE(t.find("vLLM           0.6.3.post1\n"), std::string::npos) << t;
  EXPECT_NE(t.find("Max model len  131072\n"), std::string::npos) << t;
}

TEST(SpecsText, NoGpuIsSaidPlainly) {
  GpuInventory none;
  none.note = "no NVIDIA GPU found (NVML: cannot load libnvidia-ml.so.1; nvidia-smi: not found)";
  SystemSpecs s = sample_system();
  s.os_name = "Rocky Linux";
  s.os_version = "9.3";
  const std::string t = format_specs_text(s, none, std::nullopt);
  EXPECT_NE(t.find("GPUs           no NVIDIA GPU found"), std::string::npos) << t;
  EXPECT_NE(t.find("OS             Rocky Linux 9.3\n"), std::string::npos) << t;
  EXPECT_EQ(t.find("Driver"), std::string::npos) << t;
  EXPECT_EQ(t.find("vLLM"), std::string::npos) << t;
}

TEST(LocalVllmVersion, AbsentModuleIsNullopt) {
  // A PATH with no python3 at all: the lookup must fail quietly, never throw.
  test::ScopedEnv path("PATH", "/nonexistent");
  EXPECT_FALSE(local_vllm_version().has_value());
}

}  // namespace
}  // namespace sonde
