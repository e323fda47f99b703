#include "metrics/vllm_metrics.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace sonde {
namespace {

const std::string kModel = "meta-llama/Llama-3.1-8B-Instruct";

MetricsPage load(const std::string& name) {
  std::ifstream in(std::string(SONDE_FIXTURES) + "/metrics/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_prometheus_text(ss.str());
}

void expect_histogram(const ServerHistogramDelta& h, std::int64_t count, double mean, double p50,
                      double p90, double p99, const char* what) {
  EXPECT_EQ(h.count, count) << what;
  EXPECT_NEAR(h.mean, mean, 1e-6) << what;
  EXPECT_NEAR(h.p50, p50, 1e-6) << what;
  EXPECT_NEAR(h.p90, p90, 1e-6) << what;
  EXPECT_NEAR(h.p99, p99, 1e-6) << what;
}

// The figures worked out by hand in tests/fixtures/metrics/gen_vllm_fixtures.py.
void expect_fixture_delta(const ServerMetricsDelta& d) {
  EXPECT_EQ(d.prompt_tokens, 10000);
  EXPECT_EQ(d.generation_tokens, 1000);
  EXPECT_EQ(d.num_preemptions, 2);
  EXPECT_EQ(d.prefix_cache_queries, 10000);
  EXPECT_EQ(d.prefix_cache_hits, 2000);
  EXPECT_DOUBLE_EQ(d.prefix_cache_hit_rate, 0.2);
  std::map<std::string, std::int64_t> finished{{"abort", 0}, {"length", 9}, {"stop", 1}};
  EXPECT_EQ(d.requests_finished, finished);
  expect_histogram(d.ttft_ms, 10, 320, 300, 500, 725, "ttft");
  expect_histogram(d.itl_ms, 990, 40, 38.75, 49.75, 72.25, "itl");
  expect_histogram(d.e2el_ms, 10, 4000, 3750, 7500, 9750, "e2el");
  expect_histogram(d.queue_ms, 10, 50, 150, 270, 297, "queue");
  expect_histogram(d.inference_ms, 10, 3750, 3437.5, 4687.5, 4968.75, "inference");
  expect_histogram(d.prefill_ms, 10, 250, 250, 450, 495, "prefill");
  expect_histogram(d.decode_ms, 10, 3500, 3437.5, 4687.5, 4968.75, "decode");
  EXPECT_FALSE(d.reset_detected);
  EXPECT_EQ(d.gauge_samples, 0u);
  EXPECT_TRUE(std::isnan(d.kv_cache_usage_peak));  // gauges are the tracker's job
}

TEST(VllmMetrics, FixturePagesParseCleanly) {
  for (const char* f : {"vllm_0_11_before.txt", "vllm_0_11_after.txt", "vllm_0_8_before.txt",
                        "vllm_0_8_after.txt"}) {
    MetricsPage page = load(f);
    EXPECT_EQ(page.skipped_lines, 0u) << f << " line " << page.first_skipped_line;
    EXPECT_GT(page.samples.size(), 200u) << f;
  }
  MetricsPage page = load("vllm_0_11_after.txt");
  EXPECT_EQ(page.family_of("vllm:time_to_first_token_seconds_bucket")->type, MetricType::histogram);
  EXPECT_EQ(page.family_of("vllm:prompt_tokens_total")->type, MetricType::counter);
  EXPECT_EQ(page.families.at("vllm:prompt_tokens_created").type, MetricType::gauge);
}

TEST(VllmMetrics, DiffOfV011FixtureMatchesHandFigures) {
  auto d = diff_server_metrics(load("vllm_0_11_before.txt"), load("vllm_0_11_after.txt"));
  expect_fixture_delta(d);
}

TEST(VllmMetrics, DiffWithModelFilter) {
  auto before = load("vllm_0_11_before.txt");
  auto after = load("vllm_0_11_after.txt");
  expect_fixture_delta(diff_server_metrics(before, after, kModel));
  auto other = diff_server_metrics(before, after, std::string("some/other-model"));
  EXPECT_EQ(other.prompt_tokens, std::nullopt);
  EXPECT_EQ(other.ttft_ms.count, 0);
  EXPECT_TRUE(std::isnan(other.ttft_ms.p50));
  EXPECT_TRUE(std::isnan(other.prefix_cache_hit_rate));
}

TEST(VllmMetrics, OldNamesGiveTheSameFigures) {
  auto before = load("vllm_0_8_before.txt");
  auto after = load("vllm_0_8_after.txt");
  ASSERT_FALSE(after.has("vllm:inter_token_latency_seconds_count"));
  ASSERT_TRUE(after.has("vllm:time_per_output_token_seconds_count"));
  expect_fixture_delta(diff_server_metrics(before, after, kModel));
}

TEST(VllmMetrics, SameSnapshotTwiceIsAllZero) {
  auto page = load("vllm_0_11_after.txt");
  auto d = diff_server_metrics(page, page);
  EXPECT_EQ(d.prompt_tokens, 0);
  EXPECT_EQ(d.ttft_ms.count, 0);
  EXPECT_TRUE(std::isnan(d.ttft_ms.mean));
  EXPECT_TRUE(std::isnan(d.prefix_cache_hit_rate));  // no queries → undefined, not 0
  EXPECT_FALSE(d.reset_detected);
}

TEST(VllmMetrics, MissingMetricsAreAbsentNotZero) {
  auto empty = parse_prometheus_text("");
  auto d = diff_server_metrics(empty, empty);
  EXPECT_EQ(d.prompt_tokens, std::nullopt);
  EXPECT_EQ(d.num_preemptions, std::nullopt);
  EXPECT_TRUE(d.requests_finished.empty());
  EXPECT_EQ(d.e2el_ms.count, 0);
}

TEST(VllmMetrics, CounterResetUsesAfterValueAlone) {
  // The server restarted between the snapshots: counters start again from 0.
  auto before = load("vllm_0_11_after.txt");  // 15000 prompt tokens
  auto after = parse_prometheus_text(
      "vllm:prompt_tokens_total{engine=\"0\",model_name=\"m\"} 300.0\n"
      "vllm:generation_tokens_total{engine=\"0\",model_name=\"m\"} 20.0\n"
      "vllm:e2e_request_latency_seconds_bucket{engine=\"0\",le=\"1.0\",model_name=\"m\"} 1.0\n"
      "vllm:e2e_request_latency_seconds_bucket{engine=\"0\",le=\"+Inf\",model_name=\"m\"} 2.0\n"
      "vllm:e2e_request_latency_seconds_count{engine=\"0\",model_name=\"m\"} 2.0\n"
      "vllm:e2e_request_latency_seconds_sum{engine=\"0\",model_name=\"m\"} 3.0\n");
  // Different model_name label → new series; the old ones vanished: that alone is a reset.
  auto d = diff_server_metrics(before, after);
  EXPECT_TRUE(d.reset_detected);
  EXPECT_EQ(d.prompt_tokens, 300);
  EXPECT_EQ(d.e2el_ms.count, 2);
  EXPECT_NEAR(d.e2el_ms.mean, 1500, 1e-9);
}

TEST(VllmMetrics, SameSeriesGoingBackwardsIsAReset) {
  auto before = parse_prometheus_text(
      "vllm:prompt_tokens_total{model_name=\"m\"} 500\n"
      "vllm:generation_tokens_total{model_name=\"m\"} 50\n");
  auto after = parse_prometheus_text(
      "vllm:prompt_tokens_total{model_name=\"m\"} 120\n"
      "vllm:generation_tokens_total{model_name=\"m\"} 70\n");
  auto d = diff_server_metrics(before, after);
  EXPECT_TRUE(d.reset_detected);
  EXPECT_EQ(d.prompt_tokens, 120);     // went backwards: the after-value alone
  EXPECT_EQ(d.generation_tokens, 20);  // this one did not: an ordinary delta
}

TEST(VllmMetrics, HistogramResetPerSeries) {
  auto before = parse_prometheus_text(
      "vllm:request_queue_time_seconds_bucket{engine=\"0\",le=\"1.0\"} 10\n"
      "vllm:request_queue_time_seconds_bucket{engine=\"0\",le=\"+Inf\"} 10\n"
      "vllm:request_queue_time_seconds_count{engine=\"0\"} 10\n"
      "vllm:request_queue_time_seconds_sum{engine=\"0\"} 5\n"
      "vllm:request_queue_time_seconds_bucket{engine=\"1\",le=\"1.0\"} 4\n"
      "vllm:request_queue_time_seconds_bucket{engine=\"1\",le=\"+Inf\"} 4\n"
      "vllm:request_queue_time_seconds_count{engine=\"1\"} 4\n"
      "vllm:request_queue_time_seconds_sum{engine=\"1\"} 2\n");
  auto after = parse_prometheus_text(
      "vllm:request_queue_time_seconds_bucket{engine=\"0\",le=\"1.0\"} 12\n"
      "vllm:request_queue_time_seconds_bucket{engine=\"0\",le=\"+Inf\"} 12\n"
      "vllm:request_queue_time_seconds_count{engine=\"0\"} 12\n"
      "vllm:request_queue_time_seconds_sum{engine=\"0\"} 6\n"
      "vllm:request_queue_time_seconds_bucket{engine=\"1\",le=\"1.0\"} 1\n"
      "vllm:request_queue_time_seconds_bucket{engine=\"1\",le=\"+Inf\"} 2\n"
      "vllm:request_queue_time_seconds_count{engine=\"1\"} 2\n"
      "vllm:request_queue_time_seconds_sum{engine=\"1\"} 3\n");
  auto d = diff_server_metrics(before, after);
  EXPECT_TRUE(d.reset_detected);
  // engine 0: +2 observations, +1 s; engine 1 restarted: its after-values alone (2, 3 s).
  EXPECT_EQ(d.queue_ms.count, 4);
  EXPECT_NEAR(d.queue_ms.mean, 1000, 1e-9);
  // Merged delta buckets {1: 3, +Inf: 4}: p50 rank 2 → 0 + 1 × 2/3 s.
  EXPECT_NEAR(d.queue_ms.p50, 2000.0 / 3, 1e-9);
  EXPECT_NEAR(d.queue_ms.p99, 1000, 1e-9);  // rank 3.96 in +Inf → highest finite bound
}

TEST(VllmMetrics, SeriesAppearingDuringTheRunCountsFromZero) {
  auto before = parse_prometheus_text(
      "vllm:request_success_total{finished_reason=\"length\",model_name=\"m\"} 3\n");
  auto after = parse_prometheus_text(
      "vllm:request_success_total{finished_reason=\"length\",model_name=\"m\"} 5\n"
      "vllm:request_success_total{finished_reason=\"stop\",model_name=\"m\"} 4\n");
  auto d = diff_server_metrics(before, after, std::string("m"));
  EXPECT_FALSE(d.reset_detected);
  std::map<std::string, std::int64_t> expected{{"length", 2}, {"stop", 4}};
  EXPECT_EQ(d.requests_finished, expected);
}

TEST(VllmMetrics, PrefixCacheOldNames) {
  auto before = parse_prometheus_text(
      "vllm:gpu_prefix_cache_queries_total{model_name=\"m\"} 100\n"
      "vllm:gpu_prefix_cache_hits_total{model_name=\"m\"} 10\n");
  auto after = parse_prometheus_text(
      "vllm:gpu_prefix_cache_queries_total{model_name=\"m\"} 500\n"
      "vllm:gpu_prefix_cache_hits_total{model_name=\"m\"} 110\n");
  auto d = diff_server_metrics(before, after);
  EXPECT_EQ(d.prefix_cache_queries, 400);
  EXPECT_EQ(d.prefix_cache_hits, 100);
  EXPECT_DOUBLE_EQ(d.prefix_cache_hit_rate, 0.25);
}

TEST(VllmMetrics, CacheConfigInfoLabels) {
  auto info = cache_config_info(load("vllm_0_11_after.txt"));
  EXPECT_EQ(info.at("block_size"), "16");
  EXPECT_EQ(info.at("gpu_memory_utilization"), "0.9");
  EXPECT_EQ(info.at("num_gpu_blocks"), "29127");
  EXPECT_EQ(info.at("enable_prefix_caching"), "True");
  EXPECT_EQ(info.at("cache_dtype"), "auto");
  EXPECT_EQ(info.at("num_cpu_blocks"), "None");
  EXPECT_TRUE(cache_config_info(parse_prometheus_text("x 1\n")).empty());
}

TEST(GaugeTracker, PeakAndMeanOverSnapshots) {
  GaugeTracker tracker(kModel);
  auto page = [](double kv, double running, double waiting) {
    std::string m = "{engine=\"0\",model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} ";
    return parse_prometheus_text("vllm:kv_cache_usage_perc" + m + std::to_string(kv) + "\n" +
                                 "vllm:num_requests_running" + m + std::to_string(running) + "\n" +
                                 "vllm:num_requests_waiting" + m + std::to_string(waiting) + "\n" +
                                 // another model's gauges must not count
                                 "vllm:num_requests_running{model_name=\"x\"} 99\n");
  };
  tracker.add(page(0.10, 2, 0));
  tracker.add(page(0.50, 8, 3));
  tracker.add(page(0.30, 4, 1));
  ServerMetricsDelta d;
  tracker.fill(d);
  EXPECT_EQ(d.gauge_samples, 3u);
  EXPECT_DOUBLE_EQ(d.kv_cache_usage_peak, 0.5);
  EXPECT_NEAR(d.kv_cache_usage_mean, 0.3, 1e-12);
  EXPECT_EQ(d.num_requests_running_peak, 8);
  EXPECT_EQ(d.num_requests_waiting_peak, 3);
}

TEST(GaugeTracker, OldKvNameAndEnginesCombined) {
  GaugeTracker tracker;
  tracker.add(parse_prometheus_text(
      "vllm:gpu_cache_usage_perc{engine=\"0\"} 0.2\nvllm:gpu_cache_usage_perc{engine=\"1\"} 0.6\n"
      "vllm:num_requests_running{engine=\"0\"} 3\nvllm:num_requests_running{engine=\"1\"} 5\n"));
  tracker.add(parse_prometheus_text("unrelated 1\n"));  // a page without the gauges
  ServerMetricsDelta d;
  tracker.fill(d);
  EXPECT_EQ(d.gauge_samples, 2u);
  EXPECT_DOUBLE_EQ(d.kv_cache_usage_peak, 0.6);  // the fullest engine
  EXPECT_DOUBLE_EQ(d.kv_cache_usage_mean, 0.4);  // engines averaged, gauge-less page skipped
  EXPECT_EQ(d.num_requests_running_peak, 8);     // requests add up across engines
  EXPECT_TRUE(std::isnan(d.num_requests_waiting_peak));
}

TEST(GaugeTracker, NothingFedLeavesNaN) {
  GaugeTracker tracker;
  ServerMetricsDelta d;
  tracker.fill(d);
  EXPECT_EQ(d.gauge_samples, 0u);
  EXPECT_TRUE(std::isnan(d.kv_cache_usage_peak));
  EXPECT_TRUE(std::isnan(d.kv_cache_usage_mean));
}

}  // namespace
}  // namespace sonde
