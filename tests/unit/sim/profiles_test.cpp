// The simulator's choice of profiles: inferred from --model, unknown names rejected, user files
// replacing the built-ins (the profiles themselves: tests/unit/profiles/).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "profiles/profiles.hpp"
#include "sim/sim_config.hpp"
#include "util/error.hpp"
#include "support/test_files.hpp"

namespace sonde::sim {
namespace {

TEST(SimProfiles, ModelInferredFromModelId) {
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
}

}  // namespace
}  // namespace sonde::sim
