// profile.json as the simulator reads it: the fitted parameters replace the GPU profile's, and a
// file that is not a fitted profile is refused naming the flag and how to make one.
#include "profiles/fitted_profile.hpp"

#include <gtest/gtest.h>

#include "support/test_files.hpp"
#include "util/error.hpp"

namespace sonde::profiles {
namespace {

const char* kProfile = R"({"kind": "sonde fitted simulator profile", "schema_version": 1,
  "gpu_profile": "h100", "model_profile": "llama-3.1-8b",
  "parameters": {"flops_efficiency": {"value": 0.6}, "bandwidth_efficiency": {"value": 0.7},
                 "step_overhead_us": {"value": 900}, "seq_overhead_us": {"value": 50},
                 "interconnect_latency_us": {"value": 30}},
  "kv_cache": {"memory_offset_bytes": 1048576}})";

TEST(FittedProfile, ReadsTheParametersAndAppliesThem) {
  const auto path = test::write_scratch("fitted.json", kProfile);
  const FittedProfile f = read_fitted_profile(path, "--profile-file");
  EXPECT_EQ(f.gpu, "h100");
  EXPECT_EQ(f.model_profile, "llama-3.1-8b");
  EXPECT_EQ(f.kv_memory_offset_bytes, 1048576);
  const GpuProfile g = apply_fitted(find_gpu(builtin_gpus(), "h100"), f.parameters);
  EXPECT_DOUBLE_EQ(g.flops_efficiency, 0.6);
  EXPECT_DOUBLE_EQ(g.bandwidth_efficiency, 0.7);
  EXPECT_DOUBLE_EQ(g.step_overhead_us, 900);
  EXPECT_DOUBLE_EQ(g.seq_overhead_us, 50);
  EXPECT_DOUBLE_EQ(g.interconnect_latency_us, 30);
  EXPECT_DOUBLE_EQ(parameters_of(g).step_overhead_us, 900);
}

TEST(FittedProfile, RefusesOtherFilesNamingTheFlag) {
  const auto gpus = test::write_scratch("gpus.json", R"({"gpus": []})");
  try {
    read_fitted_profile(gpus, "--profile-file");
    FAIL() << "a GPU profile file was taken for a fitted profile";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--profile-file"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("sonde fit"), std::string::npos);
  }
  std::string bad = kProfile;
  bad.replace(bad.find("0.7}"), 3, "1.7");  // an efficiency above the datasheet peak
  EXPECT_THROW(read_fitted_profile(test::write_scratch("bad.json", bad), "--profile-file"),
               UsageError);
  EXPECT_THROW(read_fitted_profile("/nonexistent/profile.json", "--profile-file"), UsageError);
}

}  // namespace
}  // namespace sonde::profiles
