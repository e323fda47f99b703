// Profiles: the embedded texts are data/profiles/*.json, names resolve, files parse.
#include "profiles/profiles.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "util/error.hpp"

namespace sonde::profiles {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Profiles, EmbeddedTextsAreTheDataFiles) {
  // Byte for byte: the build embeds the files themselves, there is no copy to drift.
  const std::string dir = std::string(SONDE_SOURCE_DIR) + "/data/profiles/";
  EXPECT_EQ(embedded_gpus_json(), read_text(dir + "gpus.json"));
  EXPECT_EQ(embedded_models_json(), read_text(dir + "models.json"));
}

TEST(Profiles, BuiltinsHaveThePublishedFigures) {
  const auto& gpus = builtin_gpus();
  ASSERT_EQ(gpus.size(), 7u);
  const auto& h100 = find_gpu(gpus, "h100");
  EXPECT_EQ(h100.product_name, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(h100.bandwidth_gbps, 3350);
  EXPECT_EQ(h100.bf16_tflops, 989);
  EXPECT_EQ(find_gpu(gpus, "H200").bandwidth_gbps, 4800);
  EXPECT_EQ(find_gpu(gpus, "a100-40g").bandwidth_gbps, 1555);
  EXPECT_EQ(find_gpu(gpus, "l4").bf16_tflops, 121);
  for (const auto& g : gpus) {
    EXPECT_FALSE(g.source.empty()) << g.name;
    EXPECT_FALSE(g.efficiency_source.empty()) << g.name;  // every fitted figure says where from
  }
  EXPECT_EQ(h100.interconnect, "nvlink");
  EXPECT_EQ(find_gpu(gpus, "l40s").interconnect, "pcie");
  EXPECT_EQ(h100.board_power_w, 700);  // H100 SXM datasheet TDP
  EXPECT_EQ(find_gpu(gpus, "l4").board_power_w, 72);
  for (const auto& g : gpus) {
    EXPECT_GT(g.idle_power_w, 0) << g.name;
    EXPECT_LT(g.idle_power_w, g.board_power_w) << g.name;
    EXPECT_FALSE(g.power_source.empty()) << g.name;
  }
  const auto& m8 = find_model(builtin_models(), "llama-3.1-8b");
  EXPECT_EQ(m8.layers, 32);
  EXPECT_EQ(m8.kv_heads, 8);
  EXPECT_EQ(m8.head_dim, 128);
  EXPECT_EQ(find_model(builtin_models(), "qwen2.5-7b").kv_heads, 4);
  EXPECT_EQ(find_model(builtin_models(), "llama-3.1-70b").hidden, 8192);
  for (const auto& m : builtin_models()) EXPECT_FALSE(m.source.empty()) << m.name;
}

TEST(Profiles, EfficienciesComeFromTheGpuOrTheFilesDefaults) {
  const auto list = parse_gpu_profiles(R"({"defaults": {"step_overhead_us": 300,
      "seq_overhead_us": 10, "bandwidth_efficiency": 0.7, "efficiency_source": "mine"},
    "gpus": [{"name": "x", "memory_mib": 1000, "bandwidth_gbps": 100, "bf16_tflops": 10,
              "step_overhead_us": 50, "interconnect": "nvlink", "interconnect_latency_us": 5},
             {"name": "y", "memory_mib": 1000, "bandwidth_gbps": 100, "bf16_tflops": 10}]})",
                                       "test");
  EXPECT_EQ(list[0].step_overhead_us, 50);
  EXPECT_EQ(list[0].seq_overhead_us, 10);
  EXPECT_EQ(list[0].bandwidth_efficiency, 0.7);
  EXPECT_EQ(list[0].interconnect, "nvlink");
  EXPECT_EQ(list[0].interconnect_latency_us, 5);
  EXPECT_EQ(list[1].step_overhead_us, 300);
  EXPECT_EQ(list[1].interconnect, "pcie");
  EXPECT_EQ(list[1].efficiency_source, "mine");
  for (const char* bad : {R"("bandwidth_efficiency": 1.5)", R"("seq_overhead_us": -1)",
                          R"("interconnect": "infiniband")"}) {
    const std::string text = std::string(R"({"gpus": [{"name": "z", "memory_mib": 1000,
        "bandwidth_gbps": 100, "bf16_tflops": 10, )") +
                             bad + "}]}";
    EXPECT_THROW(parse_gpu_profiles(text, "test"), UsageError) << bad;
  }
}

TEST(Profiles, ModelInferredFromModelId) {
  const auto& list = builtin_models();
  const auto name = [&](const std::string& id) {
    const auto* m = infer_model(list, id);
    return m ? m->name : std::string("-");
  };
  EXPECT_EQ(name("meta-llama/Llama-3.1-8B-Instruct"), "llama-3.1-8b");
  EXPECT_EQ(name("meta-llama/Meta-Llama-3.1-70B-Instruct"), "llama-3.1-70b");
  EXPECT_EQ(name("Qwen/Qwen2.5-7B-Instruct"), "qwen2.5-7b");
  EXPECT_EQ(name("Qwen/Qwen2.5-72B-Instruct"), "-");
  EXPECT_EQ(name("mistralai/Mistral-7B-Instruct-v0.3"), "mistral-7b");
  EXPECT_EQ(name("test/model"), "-");
}

TEST(Profiles, GpuByProductName) {
  const GpuProfile* h100 = gpu_by_product_name("NVIDIA H100 80GB HBM3", false);
  ASSERT_NE(h100, nullptr);
  EXPECT_EQ(h100->name, "h100");
  // Short names only where asked (the simulator's own labels); a real GPU must match exactly.
  EXPECT_EQ(gpu_by_product_name("h100", false), nullptr);
  ASSERT_NE(gpu_by_product_name("H100", true), nullptr);
  EXPECT_EQ(gpu_by_product_name("H100", true)->name, "h100");
  EXPECT_EQ(gpu_by_product_name("a100-80g-sim", true)->name, "a100-80g");
  EXPECT_EQ(gpu_by_product_name("NVIDIA B200", true), nullptr);
}

TEST(Profiles, BadFilesAreUsageErrors) {
  EXPECT_THROW(parse_gpu_profiles(R"({"gpus":[{"name":"x"}]})", "test"), UsageError);
  EXPECT_THROW(parse_model_profiles("not json", "test"), UsageError);
  EXPECT_THROW(parse_gpu_profiles(R"({"gpus":{}})", "test"), UsageError);
  const std::string gpu = R"("name":"x","memory_mib":1000,"bandwidth_gbps":100,"bf16_tflops":10)";
  EXPECT_THROW(parse_gpu_profiles(
                   "{\"gpus\":[{" + gpu + R"(,"idle_power_w":90,"board_power_w":80}]})", "test"),
               UsageError);  // idle above the board limit
  const auto no_power = parse_gpu_profiles("{\"gpus\":[{" + gpu + "}]}", "test");
  EXPECT_EQ(no_power.at(0).board_power_w, 0);  // unknown: the simulator then reports no power
  EXPECT_THROW(find_gpu(builtin_gpus(), "tpu-v5"), UsageError);
  EXPECT_THROW(read_profile_file("/nonexistent/gpus.json", "--gpu-profile-file"), UsageError);
}

}  // namespace
}  // namespace sonde::profiles
