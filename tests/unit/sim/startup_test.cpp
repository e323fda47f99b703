// Memory accounting, vLLM's defaults, start-up failures and start-up lines.
#include <gtest/gtest.h>

#include <regex>

#include "sim/sim_config.hpp"
#include "sim/sim_server.hpp"

namespace sonde::sim {
namespace {

TEST(SimStartup, DefaultsAreH100Llama8BAndValid) {
  const auto c = resolve_config(SimOptions{});
  EXPECT_EQ(c.gpu.name, "h100");
  EXPECT_EQ(c.model.name, "llama-3.1-8b");
  EXPECT_EQ(c.options.max_num_seqs, 1024);
  EXPECT_EQ(c.options.max_num_batched_tokens, 8192);
  EXPECT_EQ(c.options.gpus, 1);
  EXPECT_EQ(c.kv_bytes_per_token, 2 * 32 * 8 * 128 * 2);  // 128 KiB per token
  EXPECT_NEAR(static_cast<double>(c.weight_bytes) / kGiB, 14.96, 0.01);
  // KV = 0.9 x VRAM - weights - activations, in whole blocks of 16 tokens.
  EXPECT_EQ(c.available_kv_bytes,
            c.requested_bytes - c.weight_bytes - c.non_torch_bytes - c.activation_reserve_bytes);
  EXPECT_EQ(c.num_gpu_blocks, c.available_kv_bytes / (c.kv_bytes_per_token * 16));
  EXPECT_EQ(c.kv_capacity_tokens, c.num_gpu_blocks * 16);
  EXPECT_GT(c.kv_capacity_tokens, 400000);
  EXPECT_LT(c.kv_capacity_tokens, 480000);
  EXPECT_FALSE(validate_startup(SimOptions{}).has_value());
}

TEST(SimStartup, SchedulerDefaultsFollowTheGpu) {
  SimOptions o;
  o.gpu = "a100-80g";
  EXPECT_EQ(resolve_config(o).options.max_num_seqs, 256);
  EXPECT_EQ(resolve_config(o).options.max_num_batched_tokens, 2048);
  o.gpu = "l4";
  EXPECT_EQ(resolve_config(o).options.max_num_batched_tokens, 2048);
  o.enable_chunked_prefill = false;  // a whole prompt must fit one step
  EXPECT_EQ(resolve_config(o).options.max_num_batched_tokens, o.max_model_len);
}

TEST(SimStartup, TensorParallelSplitsWeightsAndKvHeads) {
  SimOptions o;
  o.tensor_parallel_size = 2;
  o.gpus = 2;
  const auto c1 = resolve_config(SimOptions{}), c2 = resolve_config(o);
  EXPECT_EQ(c2.weight_bytes_per_gpu, c1.weight_bytes / 2);
  EXPECT_EQ(c2.kv_bytes_per_token_per_gpu * 2, c2.kv_bytes_per_token);
  EXPECT_GT(c2.kv_capacity_tokens, 2 * c1.kv_capacity_tokens);  // two GPUs, half the weights
  o.kv_cache_dtype = "fp8";
  EXPECT_EQ(resolve_config(o).kv_bytes_per_token, c1.kv_bytes_per_token / 2);
}

TEST(SimStartup, SeventyBOnOneL4IsCudaOutOfMemory) {
  SimOptions o;
  o.gpu = "l4";
  o.model_profile = "llama-3.1-70b";
  const auto f = validate_startup(o);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, "oom_startup");
  const std::regex line(R"(^torch\.OutOfMemoryError: CUDA out of memory\. Tried to allocate )"
                        R"([\d.]+ [MG]iB\. GPU 0 has a total capacity of 22\.49 GiB of which )"
                        R"([\d.]+ [KMG]iB is free\..*)");
  EXPECT_TRUE(std::regex_match(f->log_lines.at(0), line)) << f->log_lines.at(0);
  const std::string text = sim_failure_text(*f);
  EXPECT_NE(text.find("RuntimeError: Engine core initialization failed. See root cause above."),
            std::string::npos);
}

TEST(SimStartup, KvCacheTooSmallForMaxModelLen) {
  SimOptions o;
  o.max_model_len = 131072;
  o.gpu_memory_utilization = 0.25;
  const auto c = resolve_config(o);
  ASSERT_GT(c.kv_capacity_tokens, 0);
  const auto f = validate_startup(o);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, "kv_cache_insufficient");
  EXPECT_EQ(f->estimated_max_model_len, c.kv_capacity_tokens);
  const std::regex line(
      R"(^ValueError: To serve at least one request with the model's max seq len \(131072\), )"
      R"(\(16\.00 GiB KV cache is needed, which is larger than the available KV cache memory )"
      R"(\(([\d.]+) GiB\)\. Based on the available memory, the estimated maximum model length is )"
      R"((\d+)\. Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when )"
      R"(initializing the engine\.$)");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(f->log_lines.at(0), m, line)) << f->log_lines.at(0);
  EXPECT_EQ(std::stoll(m[2].str()), c.kv_capacity_tokens);
  // The estimate really is what fits: that length passes.
  o.max_model_len = f->estimated_max_model_len;
  EXPECT_FALSE(validate_startup(o).has_value());
}

TEST(SimStartup, NoMemoryLeftForTheCache) {
  SimOptions o;
  o.gpu_memory_utilization = 0.19;  // 15.1 GiB: the 15 GiB of weights and nothing else
  const auto f = validate_startup(o);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, "no_cache_memory");
  EXPECT_EQ(f->log_lines.at(0).rfind("ValueError: No available memory for the cache blocks.", 0), 0u);
}

TEST(SimStartup, ConfigErrorsLikeVllm) {
  SimOptions o;
  o.tensor_parallel_size = 2;
  o.gpus = 1;
  auto f = validate_startup(o);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, "invalid_config");
  o = SimOptions{};
  o.enable_chunked_prefill = false;
  o.max_num_batched_tokens = 2048;
  f = validate_startup(o);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, "invalid_config");
  EXPECT_NE(f->log_lines.at(0).find("ValueError: max_num_batched_tokens (2048) is smaller than "
                                    "max_model_len (32768)."),
            std::string::npos);
  EXPECT_EQ(sim_failure_text(*f).find("Engine core"), std::string::npos);
  o.enable_chunked_prefill = true;  // chunked prefill takes any budget
  EXPECT_FALSE(validate_startup(o).has_value());
}

TEST(SimStartup, BannerPrintsVllmStartupLines) {
  SimOptions o;
  const auto c = resolve_config(o);
  const std::string banner = sim_startup_banner(o, 1234);
  EXPECT_NE(banner.find("Starting vLLM API server 0 on http://127.0.0.1:1234"), std::string::npos);
  EXPECT_NE(banner.find("INFO:     Application startup complete."), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(banner, m, std::regex(R"(GPU KV cache size: ([\d,]+) tokens)")));
  std::string digits = m[1].str();
  std::erase(digits, ',');
  EXPECT_EQ(std::stoll(digits), c.kv_capacity_tokens);
  EXPECT_TRUE(std::regex_search(
      banner, std::regex(R"(Maximum concurrency for 32,768 tokens per request: \d+\.\d\dx)")));
  EXPECT_TRUE(std::regex_search(banner, std::regex(R"(Available KV cache memory: \d+\.\d\d GiB)")));
  EXPECT_TRUE(std::regex_search(
      banner, std::regex(R"(Model loading took 14\.9\d+ GiB and [\d.]+ seconds)")));
}

}  // namespace
}  // namespace sonde::sim
