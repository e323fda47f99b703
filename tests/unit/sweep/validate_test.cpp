// check_point: what vLLM (or `sonde sim`) would reject, caught before anything is launched.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sweep/sweep_file.hpp"
#include "sweep/validate.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

// The verdict of every point of a one-axis sweep over `values` of `flag`.
std::vector<std::optional<PreLaunchVerdict>> verdicts(const std::string& server,
                                                      const std::string& axes) {
  const auto dir = test::scratch_dir();
  std::filesystem::create_directories(dir);
  const auto path = dir / "v.yaml";
  std::ofstream(path) << "server: " << server << "\naxes: " << axes << "\n";
  const SweepSpec spec = load_sweep_file(path.string());
  std::vector<std::optional<PreLaunchVerdict>> out;
  for (const auto& p : expand_points(spec)) out.push_back(check_point(spec, p));
  return out;
}

bool rejected_with(const std::optional<PreLaunchVerdict>& v, const std::string& words) {
  return v && v->status == PointStatus::invalid_config && v->reason.find(words) != std::string::npos;
}

TEST(SweepValidate, NonPositiveIntegersAreRejected) {
  const auto v = verdicts("{command: vllm serve m}", "{max-num-seqs: [0, -3, 64]}");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_TRUE(rejected_with(v[0], "--max-num-seqs must be at least 1, got 0"));
  EXPECT_TRUE(rejected_with(v[1], "got -3"));
  EXPECT_FALSE(v[2]);
  const auto tp = verdicts("{command: vllm serve m}", "{tensor-parallel-size: [0]}");
  EXPECT_TRUE(rejected_with(tp[0], "--tensor-parallel-size must be at least 1"));
}

TEST(SweepValidate, NonIntegersAreRejectedButVllmSizesPass) {
  const auto v =
      verdicts("{command: vllm serve m}", "{max-num-batched-tokens: [2.5, lots, 16k, 8192.0]}");
  ASSERT_EQ(v.size(), 4u);
  EXPECT_TRUE(rejected_with(v[0], "--max-num-batched-tokens 2.5 is not an integer"));
  EXPECT_TRUE(rejected_with(v[1], "lots is not an integer"));
  EXPECT_FALSE(v[2]);  // vLLM's human-readable size
  EXPECT_FALSE(v[3]);
}

TEST(SweepValidate, MaxModelLenTakesAutoAndMinusOne) {
  const auto v = verdicts("{command: vllm serve m}", "{max-model-len: [auto, -1, 0, 32k]}");
  ASSERT_EQ(v.size(), 4u);
  EXPECT_FALSE(v[0]);
  EXPECT_FALSE(v[1]);
  EXPECT_TRUE(rejected_with(v[2], "--max-model-len must be at least 1"));
  EXPECT_FALSE(v[3]);
}

TEST(SweepValidate, GpuMemoryUtilizationMustBeAFraction) {
  const auto v = verdicts("{command: vllm serve m}",
                          "{gpu-memory-utilization: [0, 0.95, 1, 1.2, -0.5, 90, high]}");
  ASSERT_EQ(v.size(), 7u);
  EXPECT_TRUE(rejected_with(v[0], "--gpu-memory-utilization 0 must be a fraction"));
  EXPECT_FALSE(v[1]);
  EXPECT_FALSE(v[2]);
  EXPECT_TRUE(rejected_with(v[3], "(0, 1]"));
  EXPECT_TRUE(rejected_with(v[4], "(0, 1]"));
  EXPECT_TRUE(rejected_with(v[5], "--gpu-memory-utilization 90"));
  EXPECT_TRUE(rejected_with(v[6], "--gpu-memory-utilization high"));
}

TEST(SweepValidate, UnknownQuantizationIsRejected) {
  const auto v = verdicts("{command: vllm serve m}",
                          "{quantization: [awq, fp8, compressed-tensors, fp9, AWQ]}");
  ASSERT_EQ(v.size(), 5u);
  EXPECT_FALSE(v[0]);
  EXPECT_FALSE(v[1]);
  EXPECT_FALSE(v[2]);
  EXPECT_TRUE(
      rejected_with(v[3], "vLLM would reject it: --quantization fp9 is not a method it knows"));
  EXPECT_TRUE(rejected_with(v[4], "--quantization AWQ"));  // vLLM's names are lower case
}

TEST(SweepValidate, SimQuantizationIsTheSimulatorsList) {
  // torchao is a vLLM method the simulator does not model: it would exit at start-up.
  const auto v = verdicts("{command: sonde sim}", "{quantization: [gptq, torchao]}");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_FALSE(v[0]);
  EXPECT_TRUE(rejected_with(v[1], "sonde sim would reject it: --quantization torchao"));
}

TEST(SweepValidate, VisibleGpusComeFromCudaVisibleDevices) {
  const auto v = verdicts("{command: vllm serve m, env: {CUDA_VISIBLE_DEVICES: '0,1'}}",
                          "{tensor-parallel-size: [1, 2, 4]}");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_FALSE(v[0]);
  EXPECT_FALSE(v[1]);
  ASSERT_TRUE(v[2]);
  EXPECT_EQ(v[2]->status, PointStatus::skipped);
  EXPECT_NE(v[2]->reason.find("needs 4 GPUs"), std::string::npos);
  EXPECT_NE(v[2]->reason.find("2 visible"), std::string::npos);
}

TEST(SweepValidate, BatchedTokensBelowMaxModelLenOnlyWithChunkedPrefillOff) {
  const auto v =
      verdicts("{command: vllm serve m, args: {max-model-len: 8192}}",
               "{enable-chunked-prefill: [true, false], max-num-batched-tokens: [4096, 8192]}");
  ASSERT_EQ(v.size(), 4u);
  EXPECT_FALSE(v[0]);  // on, 4096
  EXPECT_FALSE(v[1]);  // on, 8192
  EXPECT_TRUE(
      rejected_with(v[2], "max_num_batched_tokens (4096) is smaller than max_model_len (8192)"));
  EXPECT_FALSE(v[3]);  // off, 8192 == max-model-len
}

}  // namespace
}  // namespace sonde
