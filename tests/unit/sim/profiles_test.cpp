// Profiles: the embedded copy equals data/profiles/*.json, names resolve, files load.
#include "sim/profiles.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "sim/sim_config.hpp"
#include "util/error.hpp"
#include "support/test_files.hpp"

namespace sonde::sim {
namespace {

using json = nlohmann::json;

json read_json(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  return json::parse(in);
}

TEST(SimProfiles, EmbeddedCopyEqualsTheDataFiles) {
  const std::string dir = std::string(SONDE_SOURCE_DIR) + "/data/profiles/";
  EXPECT_EQ(json::parse(embedded_gpus_json()), read_json(dir + "gpus.json"))
      << "update src/sim/profiles_data.cpp from data/profiles/gpus.json";
  EXPECT_EQ(json::parse(embedded_models_json()), read_json(dir + "models.json"))
      << "update src/sim/profiles_data.cpp from data/profiles/models.json";
}

TEST(SimProfiles, BuiltinsHaveThePublishedFigures) {
  const auto& gpus = builtin_gpus();
  ASSERT_EQ(gpus.size(), 7u);
  const auto& h100 = find_gpu(gpus, "h100");
  EXPECT_EQ(h100.product_name, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(h100.bandwidth_gbps, 3350);
  EXPECT_EQ(h100.bf16_tflops, 989);
  EXPECT_EQ(find_gpu(gpus, "H200").bandwidth_gbps, 4800);
  EXPECT_EQ(find_gpu(gpus, "a100-40g").bandwidth_gbps, 1555);
  EXPECT_EQ(find_gpu(gpus, "l4").bf16_tflops, 121);
  for (const auto& g : gpus) EXPECT_FALSE(g.source.empty()) << g.name;
  const auto& m8 = find_model(builtin_models(), "llama-3.1-8b");
  EXPECT_EQ(m8.layers, 32);
  EXPECT_EQ(m8.kv_heads, 8);
  EXPECT_EQ(m8.head_dim, 128);
  EXPECT_EQ(find_model(builtin_models(), "qwen2.5-7b").kv_heads, 4);
  EXPECT_EQ(find_model(builtin_models(), "llama-3.1-70b").hidden, 8192);
  for (const auto& m : builtin_models()) EXPECT_FALSE(m.source.empty()) << m.name;
}

TEST(SimProfiles, ModelInferredFromModelId) {
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
  SimOptions o;
  o.model = "Qwen/Qwen2.5-32B-Instruct-AWQ";
  EXPECT_EQ(resolve_config(o).model.name, "qwen2.5-32b");
  o.model = "my/own-model";
  EXPECT_EQ(resolve_config(o).model.name, "llama-3.1-8b");  // the default
}

TEST(SimProfiles, UnknownNamesAreUsageErrors) {
  SimOptions o;
  o.gpu = "tpu-v5";
  EXPECT_THROW(resolve_config(o), UsageError);
  o = SimOptions{};
  o.model_profile = "gpt-5";
  EXPECT_THROW(resolve_config(o), UsageError);
  o = SimOptions{};
  o.quantization = "int3";
  EXPECT_THROW(resolve_config(o), UsageError);
  o = SimOptions{};
  o.gpu_profile_file = "/nonexistent/gpus.json";
  EXPECT_THROW(resolve_config(o), UsageError);
}

TEST(SimProfiles, UserFilesReplaceTheBuiltins) {
  const std::string path = (test::scratch_dir() / "gpus.json").string();
  {
    std::ofstream out(path);
    out << R"({"gpus":[{"name":"b200","product_name":"NVIDIA B200","memory_mib":183359,
               "bandwidth_gbps":8000,"bf16_tflops":2250}]})";
  }
  SimOptions o;
  o.gpu = "b200";
  o.gpu_profile_file = path;
  const auto c = resolve_config(o);
  EXPECT_EQ(c.gpu.product_name, "NVIDIA B200");
  EXPECT_EQ(c.options.max_num_seqs, 1024);  // >= 70 GiB and not an A100
  std::remove(path.c_str());
  EXPECT_THROW(parse_gpu_profiles(R"({"gpus":[{"name":"x"}]})", "test"), UsageError);
  EXPECT_THROW(parse_model_profiles("not json", "test"), UsageError);
}

}  // namespace
}  // namespace sonde::sim
