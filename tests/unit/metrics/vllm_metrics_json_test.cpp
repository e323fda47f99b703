#include <cmath>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "metrics/vllm_metrics.hpp"

namespace sonde {
namespace {

ServerMetricsDelta sample_delta() {
  ServerMetricsDelta d;
  d.ttft_ms = {10, 320, 300, 500, 725};
  d.itl_ms = {990, 40, 38.75, 49.75, 72.25};
  d.prefill_ms = {10, 250, 250, 450, 495};
  // queue_ms etc. stay empty: count 0, NaN figures.
  d.kv_cache_usage_peak = 0.5;
  d.kv_cache_usage_mean = 0.3;
  d.num_requests_running_peak = 8;
  d.gauge_samples = 12;
  d.num_preemptions = 2;
  d.prefix_cache_queries = 10000;
  d.prefix_cache_hits = 2000;
  d.prefix_cache_hit_rate = 0.2;
  d.prompt_tokens = 10000;
  d.requests_finished = {{"length", 9}, {"stop", 1}};
  d.reset_detected = true;
  return d;
}

TEST(ServerMetricsJson, ShapeAndNullForNaN) {
  nlohmann::json j = nlohmann::json(sample_delta());
  for (const char* k :
       {"queue_ms", "prefill_ms", "decode_ms", "inference_ms", "ttft_ms", "itl_ms", "e2el_ms"}) {
    ASSERT_TRUE(j.at(k).is_object()) << k;
    for (const char* f : {"count", "mean", "p50", "p90", "p99"}) {
      EXPECT_TRUE(j.at(k).contains(f)) << k << "." << f;
    }
  }
  EXPECT_EQ(j["ttft_ms"]["p99"], 725.0);
  EXPECT_EQ(j["queue_ms"]["count"], 0);
  EXPECT_TRUE(j["queue_ms"]["mean"].is_null());
  EXPECT_TRUE(j["queue_ms"]["p50"].is_null());
  EXPECT_TRUE(j["num_requests_waiting_peak"].is_null());
  EXPECT_TRUE(j["generation_tokens"].is_null());  // absent counter
  EXPECT_EQ(j["prompt_tokens"], 10000);
  EXPECT_EQ(j["requests_finished"]["length"], 9);
  EXPECT_EQ(j["kv_cache_usage_peak"], 0.5);
  EXPECT_EQ(j["reset_detected"], true);
  // No NaN can reach the text: dump() would write it as `NaN`, which is not JSON.
  EXPECT_EQ(j.dump().find("NaN"), std::string::npos);
}

TEST(ServerMetricsJson, RoundTrip) {
  ServerMetricsDelta a = sample_delta();
  ServerMetricsDelta b = nlohmann::json::parse(nlohmann::json(a).dump()).get<ServerMetricsDelta>();
  EXPECT_EQ(nlohmann::json(b), nlohmann::json(a));
  EXPECT_EQ(b.ttft_ms.count, 10);
  EXPECT_DOUBLE_EQ(b.itl_ms.p50, 38.75);
  EXPECT_TRUE(std::isnan(b.queue_ms.mean));
  EXPECT_TRUE(std::isnan(b.num_requests_waiting_peak));
  EXPECT_EQ(b.generation_tokens, std::nullopt);
  EXPECT_EQ(b.prompt_tokens, 10000);
  EXPECT_EQ(b.requests_finished, a.requests_finished);
  EXPECT_EQ(b.gauge_samples, 12u);
  EXPECT_TRUE(b.reset_detected);
}

TEST(ServerMetricsJson, MissingKeysReadAsAbsent) {
  ServerMetricsDelta d = nlohmann::json::object().get<ServerMetricsDelta>();
  EXPECT_EQ(d.ttft_ms.count, 0);
  EXPECT_TRUE(std::isnan(d.prefix_cache_hit_rate));
  EXPECT_EQ(d.prompt_tokens, std::nullopt);
  EXPECT_FALSE(d.reset_detected);
}

TEST(ServerMetricsJson, WrongTypeThrows) {
  nlohmann::json j = {{"prompt_tokens", "many"}};
  EXPECT_THROW(j.get<ServerMetricsDelta>(), nlohmann::json::exception);
}

}  // namespace
}  // namespace sonde

namespace sonde {
namespace {

// Regression for the fuzz finding: a finished_reason that is not UTF-8 must not make writing
// run.json throw (fuzz/corpus/prometheus/regress_invalid_utf8_label.bin).
TEST(ServerMetricsJson, NonUtf8LabelFromServerStillSerialises) {
  auto before = parse_prometheus_text("");
  auto after = parse_prometheus_text(
      "vllm:request_success_total{finished_reason=\"len\xFFth\",model_name=\"m\"} 5\n");
  nlohmann::json j = nlohmann::json(diff_server_metrics(before, after));
  std::string text;
  ASSERT_NO_THROW(text = j.dump());
  EXPECT_EQ(nlohmann::json::parse(text)["requests_finished"]["len\xEF\xBF\xBDth"], 5);
}

}  // namespace
}  // namespace sonde
