// The roofline step time: sanity figures and the directions a vLLM user expects.
#include "sim/cost_model.hpp"

#include <gtest/gtest.h>

namespace sonde::sim {
namespace {

SimConfig config(const std::string& gpu = "h100", int tp = 1, const std::string& quant = "") {
  SimOptions o;
  o.gpu = gpu;
  o.tensor_parallel_size = tp;
  o.quantization = quant;
  return resolve_config(o);
}

// One step decoding `batch` requests, each with `context` tokens in the KV cache.
double decode_step(const SimConfig& c, int batch, int64_t context = 1000) {
  StepShape s;
  for (int i = 0; i < batch; ++i) add_tokens(s, context, 1, true);
  return step_duration_s(c, s);
}

double prefill(const SimConfig& c, int64_t tokens) {
  StepShape s;
  add_tokens(s, 0, tokens, false);
  return step_duration_s(c, s);
}

TEST(SimCostModel, H100Llama8BSanity) {
  const auto c = config();
  EXPECT_GT(decode_step(c, 1), 0.006);  // memory-bound: ~16 GB of weights at ~2.7 TB/s
  EXPECT_LT(decode_step(c, 1), 0.008);
  const double rate = 10000 / prefill(c, 10000);  // compute-bound prefill
  EXPECT_GT(rate, 8000);
  EXPECT_LT(rate, 40000);
  EXPECT_DOUBLE_EQ(step_duration_s(c, {}), c.gpu.step_overhead_us * 1e-6);
}

TEST(SimCostModel, MonotoneInPromptBatchAndContext) {
  const auto c = config();
  EXPECT_LT(prefill(c, 1000), prefill(c, 3000));
  EXPECT_LT(prefill(c, 3000), prefill(c, 10000));
  EXPECT_LT(decode_step(c, 1), decode_step(c, 8));
  EXPECT_LT(decode_step(c, 8), decode_step(c, 64));
  EXPECT_LT(decode_step(c, 64, 1000), decode_step(c, 64, 8000));  // more KV to read
}

TEST(SimCostModel, TensorParallelLowersPerTokenLatency) {
  const auto c1 = config("h100", 1), c2 = config("h100", 2), c4 = config("h100", 4);
  EXPECT_LT(decode_step(c2, 1), decode_step(c1, 1));
  EXPECT_LT(decode_step(c4, 1), decode_step(c2, 1));
  EXPECT_LT(prefill(c2, 4000), prefill(c1, 4000));
  // ...but not for free: the all-reduce makes it less than a halving.
  EXPECT_GT(decode_step(c2, 1), decode_step(c1, 1) / 2);
}

TEST(SimCostModel, QuantizedWeightsDecodeFaster) {
  const auto bf16 = config(), awq = config("h100", 1, "awq"), fp8 = config("h100", 1, "fp8");
  EXPECT_LT(decode_step(awq, 1), decode_step(fp8, 1));
  EXPECT_LT(decode_step(fp8, 1), decode_step(bf16, 1));
  EXPECT_LT(prefill(fp8, 8000), prefill(bf16, 8000));  // H100 has FP8 tensor cores
  EXPECT_NEAR(static_cast<double>(fp8.weight_bytes) / static_cast<double>(bf16.weight_bytes), 0.565,
              0.02);  // 1 B/param except the 16-bit embeddings
}

TEST(SimCostModel, SlowerGpusAreSlower) {
  EXPECT_LT(decode_step(config("h200"), 1), decode_step(config("h100"), 1));
  EXPECT_LT(decode_step(config("h100"), 1), decode_step(config("a100-80g"), 1));
  EXPECT_LT(decode_step(config("a100-80g"), 1), decode_step(config("l4"), 1));
  EXPECT_LT(prefill(config("h100"), 4000), prefill(config("a100-80g"), 4000));
}

}  // namespace
}  // namespace sonde::sim
