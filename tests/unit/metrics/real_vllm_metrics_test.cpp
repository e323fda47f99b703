// Real vLLM /metrics pages (see tests/support/real_vllm.hpp) read by the parser and the vLLM
// readers that sonde's run uses: cache_config_info, the gauges, and the counter and histogram
// deltas. A delta from an empty page is what the server counted since it started. Every
// expected value was read by eye from the page named in the test (histogram quantiles worked
// out by hand from its buckets, as Prometheus' histogram_quantile does).
#include <gtest/gtest.h>

#include <cmath>

#include "metrics/prometheus.hpp"
#include "metrics/vllm_metrics.hpp"
#include "support/real_vllm.hpp"

namespace sonde {
namespace {

using RealVllmMetrics = test::RealVllm;

// Everything the server counted since start-up: the delta from a page with no samples.
ServerMetricsDelta since_start(const MetricsPage& page, const std::optional<std::string>& model = {}) {
  return diff_server_metrics(MetricsPage{}, page, model);
}

// vLLM 0.4.3 (V0), facebook/opt-125m, a full page without a trailing newline.
TEST_F(RealVllmMetrics, V043DatadogFixture) {
  const MetricsPage page = parse_prometheus_text(capture("metrics-v0.4.3-datadog-fixture.txt"));
  EXPECT_EQ(page.skipped_lines, 0u);
  // The last line, which has no newline after it, is a sample too.
  EXPECT_TRUE(page.has("vllm:avg_generation_throughput_toks_per_s"));

  const auto cache = cache_config_info(page);
  EXPECT_EQ(cache.at("num_gpu_blocks"), "7281");
  EXPECT_EQ(cache.at("block_size"), "16");
  EXPECT_EQ(cache.at("gpu_memory_utilization"), "0.9");
  EXPECT_EQ(cache.at("enable_prefix_caching"), "False");
  EXPECT_EQ(cache.at("cache_dtype"), "auto");

  const ServerMetricsDelta d = since_start(page, std::string("facebook/opt-125m"));
  EXPECT_EQ(d.prompt_tokens, 5);
  EXPECT_EQ(d.generation_tokens, 7);
  EXPECT_EQ(d.num_preemptions, 0);
  EXPECT_FALSE(d.prefix_cache_queries);  // V0 had no prefix-cache counters
  EXPECT_EQ(d.requests_finished, (std::map<std::string, int64_t>{{"length", 1}}));
  EXPECT_FALSE(d.reset_detected);
  EXPECT_EQ(d.ttft_ms.count, 1);
  EXPECT_DOUBLE_EQ(d.ttft_ms.mean, 313.26723098754883);
  EXPECT_DOUBLE_EQ(d.ttft_ms.p50, 375.0);  // its one observation lies in (0.25, 0.5] s
  // The old name of the inter-token histogram: 6 observations summing to 0.19016313552856445 s,
  // all in (0.025, 0.05] s.
  EXPECT_EQ(d.itl_ms.count, 6);
  EXPECT_DOUBLE_EQ(d.itl_ms.mean, 190.16313552856445 / 6);
  EXPECT_DOUBLE_EQ(d.itl_ms.p50, 37.5);
  EXPECT_EQ(d.e2el_ms.count, 1);
  EXPECT_DOUBLE_EQ(d.e2el_ms.mean, 503.4303665161133);
  EXPECT_EQ(d.queue_ms.count, 0);  // no queue-time histogram before V1

  const VllmGauges g = read_vllm_gauges(page);
  EXPECT_EQ(g.kv_cache_usage_max, 0.0);  // gpu_cache_usage_perc, the pre-0.12 name
  EXPECT_EQ(g.num_requests_running, 0.0);
  EXPECT_EQ(g.num_requests_waiting, 0.0);

  // Another model's series are not counted as this one's.
  EXPECT_FALSE(since_start(page, std::string("other/model")).prompt_tokens);
}

// Early V1 engine, Qwen/Qwen3-0.6B, histograms in multiprocess order (_sum before buckets).
TEST_F(RealVllmMetrics, V1EarlyQwen3) {
  const MetricsPage page = parse_prometheus_text(capture("metrics-v1early-qwen3-0.6b.txt"));
  EXPECT_EQ(page.skipped_lines, 0u);

  const auto cache = cache_config_info(page);
  EXPECT_EQ(cache.at("num_gpu_blocks"), "2340");
  EXPECT_EQ(cache.at("block_size"), "16");
  EXPECT_EQ(cache.at("enable_prefix_caching"), "None");
  EXPECT_EQ(cache.at("swap_space_bytes"), "4294967296.0");

  const ServerMetricsDelta d = since_start(page);
  EXPECT_EQ(d.prompt_tokens, 43952);
  EXPECT_EQ(d.generation_tokens, 4874);
  EXPECT_EQ(d.num_preemptions, 0);
  EXPECT_FALSE(d.prefix_cache_queries);
  EXPECT_TRUE(std::isnan(d.prefix_cache_hit_rate));
  EXPECT_EQ(d.requests_finished, (std::map<std::string, int64_t>{{"length", 38}}));
  // TTFT: 69 observations, sum 4941.843970537186 s; the median rank 34.5 falls in (7.5, 10] s,
  // which holds observations 32..36: 7.5 + 2.5 × 3.5/5 = 9.25 s.
  EXPECT_EQ(d.ttft_ms.count, 69);
  EXPECT_DOUBLE_EQ(d.ttft_ms.mean, 4941843.970537186 / 69);
  EXPECT_NEAR(d.ttft_ms.p50, 9250.0, 1e-6);
  // E2E: 38 requests; rank 19 in (15, 20] s holding observations 2..28: 15 + 5 × 18/27 s.
  EXPECT_EQ(d.e2el_ms.count, 38);
  EXPECT_DOUBLE_EQ(d.e2el_ms.mean, 902005.6705474854 / 38);
  EXPECT_NEAR(d.e2el_ms.p50, (15.0 + 5.0 * 18 / 27) * 1000, 1e-6);
  EXPECT_EQ(d.itl_ms.count, 4805);  // time_per_output_token_seconds: no inter_token_latency yet
  EXPECT_EQ(d.queue_ms.count, 38);
  EXPECT_DOUBLE_EQ(d.queue_ms.mean, 17.765522003173828 / 38);
  EXPECT_EQ(d.prefill_ms.count, 38);
  EXPECT_DOUBLE_EQ(d.prefill_ms.mean, 239167.77801513672 / 38);
  EXPECT_EQ(d.decode_ms.count, 38);
  EXPECT_DOUBLE_EQ(d.decode_ms.mean, 662820.1270103455 / 38);
  EXPECT_EQ(d.inference_ms.count, 38);

  const VllmGauges g = read_vllm_gauges(page, std::string("Qwen/Qwen3-0.6B"));
  EXPECT_EQ(g.kv_cache_usage_max, 0.0);  // still gpu_cache_usage_perc, no engine label
  EXPECT_EQ(g.num_requests_running, 0.0);
}

// vLLM ~0.7 (V0) as quoted in AIBrix's docs: indented by 4 spaces, cut after a bucket.
TEST_F(RealVllmMetrics, V07AibrixPartialIndented) {
  const MetricsPage page = parse_prometheus_text(capture("metrics-v0.7-aibrix-doc-partial.txt"));
  EXPECT_EQ(page.skipped_lines, 0u);

  const auto cache = cache_config_info(page);
  EXPECT_EQ(cache.at("num_gpu_blocks"), "81767");
  EXPECT_EQ(cache.at("block_size"), "16");
  EXPECT_EQ(cache.at("num_cpu_blocks"), "9362");
  EXPECT_EQ(cache.at("enable_prefix_caching"), "False");

  const ServerMetricsDelta d = since_start(page);
  EXPECT_EQ(d.prompt_tokens, 148);
  EXPECT_EQ(d.generation_tokens, 955);
  EXPECT_EQ(d.num_preemptions, 0);
  EXPECT_EQ(d.requests_finished, (std::map<std::string, int64_t>{{"stop", 4}}));
  // V0's prefix cache was a hit-rate gauge (-1: no lookups), not the counters sonde reads.
  EXPECT_FALSE(d.prefix_cache_queries);
  EXPECT_FALSE(d.prefix_cache_hits);
  EXPECT_EQ(d.ttft_ms.count, 0);  // the page was cut before the latency histograms

  const auto& hit = page.indices("vllm:gpu_prefix_cache_hit_rate");
  ASSERT_EQ(hit.size(), 1u);
  EXPECT_EQ(page.samples[hit[0]].value, -1.0);
  const auto& running = page.indices("vllm:num_requests_running");
  ASSERT_EQ(running.size(), 1u);
  EXPECT_EQ(label_value(page.samples[running[0]].labels, "model_name"),
            "Qwen/Qwen2.5-Coder-1.5B-Instruct");
  EXPECT_EQ(read_vllm_gauges(page).kv_cache_usage_max, 0.0);
}

// Recent V1 (`engine` label, `_created` samples after each counter), first 40 lines only.
TEST_F(RealVllmMetrics, V1CreatedSeriesHead40) {
  const MetricsPage page =
      parse_prometheus_text(capture("metrics-v1-created-series-head40-partial.txt"));
  EXPECT_EQ(page.skipped_lines, 0u);
  EXPECT_TRUE(cache_config_info(page).empty());  // not among the first 40 lines

  const ServerMetricsDelta d = since_start(page, std::string("llama-vllm-single"));
  EXPECT_EQ(d.prefix_cache_queries, 0);
  EXPECT_EQ(d.prefix_cache_hits, 0);
  EXPECT_TRUE(std::isnan(d.prefix_cache_hit_rate));  // no queries yet
  EXPECT_EQ(d.num_preemptions, 0);
  EXPECT_EQ(d.prompt_tokens, 0);
  EXPECT_EQ(d.generation_tokens, 0);
  // Only request_success_total's HELP line made it into the 40 lines.
  EXPECT_TRUE(d.requests_finished.empty());
  // `_created` is a timestamp gauge of its own, not part of the counter.
  const auto& created = page.indices("vllm:prompt_tokens_created");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_DOUBLE_EQ(page.samples[created[0]].value, 1.7769301736864982e+09);

  const VllmGauges g = read_vllm_gauges(page, std::string("llama-vllm-single"));
  EXPECT_EQ(g.kv_cache_usage_max, 0.0);  // the V1 name kv_cache_usage_perc
  EXPECT_EQ(g.num_requests_running, 0.0);
  EXPECT_EQ(g.num_requests_waiting, 0.0);
}

}  // namespace
}  // namespace sonde
