// Speculative decoding from two /metrics snapshots in vLLM V1's format (prometheus_client
// exports its counters with a _total suffix; per_pos carries a position label).
#include "metrics/spec_decode.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "support/real_vllm.hpp"

namespace sonde {
namespace {

std::string page(int drafts, int drafted, int accepted, int pos0, int pos1, int pos2,
                 const std::string& model = "m") {
  const std::string l = "{engine=\"0\",model_name=\"" + model + "\"";
  auto line = [&](const std::string& name, int v) {
    return name + l + "} " + std::to_string(v) + ".0\n";
  };
  auto pos = [&](int k, int v) {
    return "vllm:spec_decode_num_accepted_tokens_per_pos_total" + l + ",position=\"" +
           std::to_string(k) + "\"} " + std::to_string(v) + ".0\n";
  };
  return line("vllm:spec_decode_num_drafts_total", drafts) +
         line("vllm:spec_decode_num_draft_tokens_total", drafted) +
         line("vllm:spec_decode_num_accepted_tokens_total", accepted) + pos(0, pos0) +
         pos(1, pos1) + pos(2, pos2);
}

TEST(SpecDecode, RatesFromCounterDeltas) {
  // Over the scenario: 100 drafts of 3 tokens, 210 accepted (90 at position 0, 70 at 1, 50 at 2).
  const MetricsPage before = parse_prometheus_text(page(50, 150, 100, 40, 35, 25));
  const MetricsPage after = parse_prometheus_text(page(150, 450, 310, 130, 105, 75));
  const auto r = diff_spec_decode(before, after);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->drafts, 100);
  EXPECT_EQ(r->draft_tokens, 300);
  EXPECT_EQ(r->accepted_tokens, 210);
  EXPECT_DOUBLE_EQ(r->acceptance_rate, 0.7);
  EXPECT_DOUBLE_EQ(r->mean_acceptance_length, 1 + 210.0 / 100);  // vLLM counts the bonus token
  ASSERT_EQ(r->acceptance_rate_per_pos.size(), 3u);
  EXPECT_DOUBLE_EQ(r->acceptance_rate_per_pos[0], 0.9);
  EXPECT_DOUBLE_EQ(r->acceptance_rate_per_pos[1], 0.7);
  EXPECT_DOUBLE_EQ(r->acceptance_rate_per_pos[2], 0.5);
  EXPECT_FALSE(r->reset_detected);
}

TEST(SpecDecode, AbsentWithoutTheCountersAndNullWithoutDrafts) {
  const MetricsPage plain =
      parse_prometheus_text("vllm:generation_tokens_total{engine=\"0\",model_name=\"m\"} 10.0\n");
  EXPECT_FALSE(diff_spec_decode(plain, plain));
  const MetricsPage idle = parse_prometheus_text(page(5, 15, 9, 4, 3, 2));
  const auto r = diff_spec_decode(idle, idle);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->drafts, 0);
  EXPECT_TRUE(std::isnan(r->acceptance_rate));
  EXPECT_TRUE(std::isnan(r->mean_acceptance_length));
  EXPECT_TRUE(r->acceptance_rate_per_pos.empty());
}

TEST(SpecDecode, OnlyTheMeasuredModelCounts) {
  const MetricsPage before =
      parse_prometheus_text(page(0, 0, 0, 0, 0, 0, "a") + page(0, 0, 0, 0, 0, 0, "b"));
  const MetricsPage after =
      parse_prometheus_text(page(10, 30, 30, 10, 10, 10, "a") + page(10, 30, 0, 0, 0, 0, "b"));
  const auto r = diff_spec_decode(before, after, std::string("a"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->draft_tokens, 30);
  EXPECT_DOUBLE_EQ(r->acceptance_rate, 1.0);
}

TEST(SpecDecode, ACounterGoingBackwardsIsFlagged) {
  const auto r = diff_spec_decode(parse_prometheus_text(page(50, 150, 100, 40, 35, 25)),
                                  parse_prometheus_text(page(10, 30, 20, 10, 6, 4)));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->reset_detected);
}

// None of the real captures ran with speculative decoding: no record, rather than zeros.
using RealVllmSpecDecode = test::RealVllm;
TEST_F(RealVllmSpecDecode, CapturesWithoutSpeculationGiveNoRecord) {
  for (const char* name :
       {"metrics-v0.4.3-datadog-fixture.txt", "metrics-v0.7-aibrix-doc-partial.txt",
        "metrics-v1-created-series-head40-partial.txt", "metrics-v1early-qwen3-0.6b.txt"}) {
    const MetricsPage page = parse_prometheus_text(capture(name));
    EXPECT_FALSE(page.samples.empty()) << name;
    EXPECT_FALSE(diff_spec_decode(MetricsPage{}, page)) << name;
  }
}

}  // namespace
}  // namespace sonde
