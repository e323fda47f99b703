// summarize_scenario against a small hand-built scenario: two ok requests (one delayed by the
// client, one with a short output), two failures.
#include "stats/scenario_summary.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace sonde {
namespace {

constexpr double kTol = 1e-9;

RequestRecord ok_record(double intended, double start, double ttft, double e2el, double decode,
                        int64_t out, std::vector<double> itl, int64_t in) {
  RequestRecord r;
  r.ok = true;
  r.intended_start_ms = intended;
  r.start_ms = start;
  r.end_ms = start + e2el;
  r.ttft_ms = ttft;
  r.e2el_ms = e2el;
  r.decode_ms = decode;
  r.tpot_ms = decode / static_cast<double>(out - 1);
  r.itl_ms = std::move(itl);
  r.input_tokens = in;
  r.input_tokens_target = 1000;
  r.output_tokens = out;
  r.output_tokens_target = 5;
  return r;
}

RequestRecord failed_record(double start, double end, std::optional<ErrorKind> kind) {
  RequestRecord r;
  r.intended_start_ms = start;
  r.start_ms = start;
  r.end_ms = end;
  if (kind) r.error = RequestError{*kind, 0, "boom"};
  r.input_tokens = 999999;  // must not leak into totals
  return r;
}

std::vector<RequestRecord> sample_records() {
  return {
      ok_record(0, 0, 100, 1000, 880, 5, {220, 220, 220, 220}, 1000),
      ok_record(50, 100, 200, 1500, 1200, 4, {400, 400, 400}, 1010),  // 4 of 5 tokens: mismatch
      failed_record(200, 2000, ErrorKind::timeout_idle),
      failed_record(300, 400, std::nullopt),
  };
}

TEST(SummarizeScenario, CountsAndThroughputs) {
  const ScenarioSummary s = summarize_scenario(sample_records());
  EXPECT_EQ(2, s.completed);
  EXPECT_EQ(2, s.failed);
  EXPECT_EQ((std::map<std::string, int>{{"timeout_idle", 1}, {"unknown", 1}}), s.errors);
  EXPECT_NEAR(2.0, s.duration_s, kTol);  // first start 0 -> last end 2000 (a failed request)
  EXPECT_NEAR(1.0, s.request_throughput, kTol);
  EXPECT_EQ(2010, s.total_input_tokens);
  EXPECT_EQ(9, s.total_output_tokens);
  EXPECT_NEAR(4.5, s.output_throughput, kTol);
  EXPECT_NEAR(1009.5, s.total_token_throughput, kTol);
  EXPECT_EQ(1, s.output_len_mismatches);
}

TEST(SummarizeScenario, LatenciesUseOkRequestsOnly) {
  const ScenarioSummary s = summarize_scenario(sample_records());
  EXPECT_EQ(2u, s.ttft_ms.count);
  EXPECT_NEAR(150, s.ttft_ms.mean, kTol);
  EXPECT_NEAR(1250, s.e2el_ms.mean, kTol);
  EXPECT_NEAR(310, s.tpot_ms.mean, kTol);  // (220 + 400) / 2
  EXPECT_NEAR(1040, s.decode_ms.mean, kTol);
  EXPECT_NEAR(1005, s.input_tokens.mean, kTol);
  EXPECT_NEAR(4.5, s.output_tokens.mean, kTol);
}

TEST(SummarizeScenario, InterTokenLatenciesArePooled) {
  const ScenarioSummary s = summarize_scenario(sample_records());
  EXPECT_EQ(7u, s.itl_ms.count);
  EXPECT_NEAR(2080.0 / 7.0, s.itl_ms.mean, kTol);
  EXPECT_NEAR(220, s.itl_ms.p50, kTol);  // sorted {220 x4, 400 x3}, h = 3
  EXPECT_NEAR(400, s.itl_ms.p90, kTol);  // h = 5.4 lies between two 400s
}

TEST(SummarizeScenario, PerStreamSpeeds) {
  const ScenarioSummary s = summarize_scenario(sample_records());
  // (5 - 1) / 880 ms and (4 - 1) / 1200 ms, in tokens per second.
  EXPECT_NEAR((4000.0 / 880.0 + 2.5) / 2, s.decode_tokens_per_s.mean, kTol);
  EXPECT_NEAR(2.5, s.decode_tokens_per_s.min, kTol);
  // 5 / 1 s and 4 / 1.5 s.
  EXPECT_NEAR((5.0 + 4.0 / 1.5) / 2, s.e2e_tokens_per_s.mean, kTol);
}

TEST(SummarizeScenario, CorrectedLatenciesStartAtIntendedTime) {
  const ScenarioSummary s = summarize_scenario(sample_records());
  EXPECT_NEAR(0, s.client_queue_ms.min, kTol);
  EXPECT_NEAR(50, s.client_queue_ms.max, kTol);
  EXPECT_NEAR(250, s.ttft_ms_corrected.max, kTol);   // 200 + 50 held back
  EXPECT_NEAR(1550, s.e2el_ms_corrected.max, kTol);  // 1500 + 50
  EXPECT_NEAR(1000, s.e2el_ms_corrected.min, kTol);
}

TEST(SummarizeScenario, ReasoningOverTheRequestsThatReasoned) {
  auto records = sample_records();
  EXPECT_EQ(0u, summarize_scenario(records).reasoning_tokens.count);
  records[0].ttfo_ms = 300;
  records[0].reasoning_tokens = 64;
  records[2].ttfo_ms = 900;  // failed: left out like its other latencies
  records[2].reasoning_tokens = 10;
  const ScenarioSummary s = summarize_scenario(records);
  EXPECT_EQ(1u, s.ttfo_ms.count);
  EXPECT_NEAR(300, s.ttfo_ms.p50, kTol);
  EXPECT_EQ(1u, s.reasoning_tokens.count);
  EXPECT_NEAR(64, s.reasoning_tokens.p99, kTol);
}

TEST(SummarizeScenario, EmptyScenarioIsDefined) {
  const ScenarioSummary s = summarize_scenario({});
  EXPECT_EQ(0, s.completed);
  EXPECT_EQ(0, s.failed);
  EXPECT_EQ(0, s.duration_s);
  EXPECT_EQ(0, s.request_throughput);
  EXPECT_EQ(0u, s.ttft_ms.count);
  EXPECT_TRUE(std::isnan(s.ttft_ms.mean));
}

TEST(SummarizeScenario, SingleTokenOutputHasNoDecodeSpeed) {
  RequestRecord r = ok_record(0, 0, 10, 10, 0, 1, {}, 5);
  r.tpot_ms.reset();
  r.output_tokens_target = 1;
  const ScenarioSummary s = summarize_scenario({r});
  EXPECT_EQ(0u, s.decode_tokens_per_s.count);
  EXPECT_EQ(0u, s.tpot_ms.count);
  EXPECT_EQ(0u, s.itl_ms.count);
  EXPECT_EQ(1u, s.e2e_tokens_per_s.count);
  EXPECT_EQ(0, s.output_len_mismatches);
}

}  // namespace
}  // namespace sonde
