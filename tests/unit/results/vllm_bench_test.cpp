#include "results/vllm_bench.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "synth_run.hpp"

namespace sonde {
namespace {

using nlohmann::json;

struct Built {
  RunResult run;
  std::vector<RequestRecord> records;
};

Built seed() {
  Built b;
  b.run = testing::synth_seed_run(&b.records);
  return b;
}

TEST(VllmBench, HasEveryKeyOfVllmsSaveResult) {
  const Built b = seed();
  const json j = vllm_bench_json(b.run, b.run.scenarios[0], b.records);
  for (const char* k : {"date",
                        "endpoint_type",
                        "backend",
                        "label",
                        "model_id",
                        "tokenizer_id",
                        "num_prompts",
                        "request_rate",
                        "burstiness",
                        "max_concurrency",
                        "duration",
                        "completed",
                        "failed",
                        "total_input_tokens",
                        "total_output_tokens",
                        "request_throughput",
                        "request_goodput",
                        "output_throughput",
                        "total_token_throughput",
                        "max_output_tokens_per_s",
                        "max_concurrent_requests",
                        "input_lens",
                        "output_lens",
                        "ttfts",
                        "itls",
                        "generated_texts",
                        "errors"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
  for (const char* m : {"ttft", "tpot", "itl", "e2el"}) {
    for (const char* s : {"mean_", "median_", "std_", "p99_"}) {
      EXPECT_TRUE(j.contains(std::string(s) + m + "_ms")) << s << m;
    }
  }
  EXPECT_EQ("20250601-093000", j["date"]);
  EXPECT_EQ("openai-chat", j["backend"]);
  EXPECT_EQ("inf", j["request_rate"]);  // closed loop: not paced by a rate, as vLLM writes it
  EXPECT_EQ(1, j["max_concurrency"]);
  EXPECT_TRUE(j["request_goodput"].is_null());
}

TEST(VllmBench, DetailsArePerRequestOfThisScenarioOnlyInSeconds) {
  const Built b = seed();
  const ScenarioResult& sc = b.run.scenarios[1];  // mid_3k, 5 requests
  const json j = vllm_bench_json(b.run, sc, b.records);
  ASSERT_EQ(5u, j["ttfts"].size());
  ASSERT_EQ(5u, j["itls"].size());
  EXPECT_EQ(511u, j["itls"][0].size());
  const RequestRecord& first = b.records[5];
  ASSERT_EQ("mid_3k", first.scenario);
  EXPECT_DOUBLE_EQ(*first.ttft_ms / 1000.0, j["ttfts"][0].get<double>());
  EXPECT_DOUBLE_EQ(first.itl_ms[3] / 1000.0, j["itls"][0][3].get<double>());
  EXPECT_EQ(512, j["output_lens"][4]);
  EXPECT_EQ("", j["errors"][0]);
  EXPECT_EQ("", j["generated_texts"][0]);
  EXPECT_DOUBLE_EQ(sc.summary.ttft_ms.mean, j["mean_ttft_ms"].get<double>());
  EXPECT_DOUBLE_EQ(sc.summary.ttft_ms.p50, j["median_ttft_ms"].get<double>());
}

TEST(VllmBench, StdIsPopulationStdLikeNumpy) {
  const Built b = seed();
  const ScenarioResult& sc = b.run.scenarios[0];
  const json j = vllm_bench_json(b.run, sc, b.records);
  const double n = double(sc.summary.e2el_ms.count);
  EXPECT_NEAR(sc.summary.e2el_ms.std * std::sqrt((n - 1) / n), j["std_e2el_ms"].get<double>(), 1e-9);
}

TEST(VllmBench, PeaksCountOverlappingBurstRequests) {
  const Built b = seed();
  const json c1 = vllm_bench_json(b.run, b.run.scenarios[4], b.records);  // concurrency_1
  const json c8 = vllm_bench_json(b.run, b.run.scenarios[7], b.records);  // concurrency_8
  // vLLM counts the requests active at any time within each 1-s bucket, so back-to-back
  // requests share the bucket where one ends and the next starts.
  EXPECT_EQ(2, c1["max_concurrent_requests"]);
  EXPECT_GE(c8["max_concurrent_requests"].get<int>(), 8);
  EXPECT_LE(c8["max_concurrent_requests"].get<int>(), 16);
  // One stream makes ~1000/6.4 tokens per second; eight make several times more.
  EXPECT_GT(c1["max_output_tokens_per_s"].get<double>(), 100);
  EXPECT_GT(c8["max_output_tokens_per_s"].get<double>(),
            4 * c1["max_output_tokens_per_s"].get<double>());
}

TEST(VllmBench, FailuresAndRateMode) {
  std::vector<RequestRecord> records;
  const RunResult run = testing::synth_mixed_run(&records);
  const json burst = vllm_bench_json(run, run.scenarios[2], records);
  EXPECT_EQ(1, burst["failed"]);
  EXPECT_EQ("http_500: Internal Server Error", burst["errors"][0]);
  EXPECT_EQ(0, burst["output_lens"][0]);
  EXPECT_EQ(0.0, burst["ttfts"][0].get<double>());
  const json rate = vllm_bench_json(run, run.scenarios[3], records);
  EXPECT_DOUBLE_EQ(2.0, rate["request_rate"].get<double>());
  EXPECT_EQ(8, rate["max_concurrency"]);
  EXPECT_EQ(std::string::npos, rate.dump().find("NaN"));
}

TEST(VllmBench, DateFallsBackToInputWhenNotATimestamp) {
  EXPECT_EQ("20250102-030405", vllm_date("2025-01-02T03:04:05.123Z"));
  EXPECT_EQ("", vllm_date(""));
}

}  // namespace
}  // namespace sonde
