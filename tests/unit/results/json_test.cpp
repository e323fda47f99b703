#include "results/json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "synth_run.hpp"
#include "util/error.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

using nlohmann::json;

TEST(DistributionJson, NaNIsWrittenAsNullAndReadBackAsNaN) {
  const json j = Distribution{};  // count 0: every figure NaN
  EXPECT_EQ(0, j.at("count").get<int>());
  for (const char* k : {"mean", "std", "min", "p50", "p90", "p95", "p99", "max"}) {
    EXPECT_TRUE(j.at(k).is_null()) << k;
  }
  EXPECT_EQ(std::string::npos, j.dump().find("NaN"));
  const auto d = j.get<Distribution>();
  EXPECT_TRUE(std::isnan(d.p99));
}

TEST(DistributionJson, InfinityIsNull) {
  Distribution d = summarize({1, 2});
  d.max = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(json(d).at("max").is_null());
  EXPECT_DOUBLE_EQ(1.5, json(d).at("mean").get<double>());
}

TEST(RecordJson, HasContractKeysAndNullOptionals) {
  RequestRecord r =
      testing::synth_failed(testing::spec("s", 10, 5, LoadShape::closed, 1, 1), 3, 12.5, "http_503");
  const json j = r;
  for (const char* k : {"scenario",
                        "index",
                        "x_request_id",
                        "response_id",
                        "ok",
                        "error",
                        "intended_start_ms",
                        "start_ms",
                        "end_ms",
                        "ttft_ms",
                        "e2el_ms",
                        "decode_ms",
                        "tpot_ms",
                        "itl_ms",
                        "input_tokens",
                        "input_tokens_target",
                        "output_tokens",
                        "output_tokens_target",
                        "output_tokens_estimated",
                        "finish_reason"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
  EXPECT_TRUE(j["ttft_ms"].is_null());
  EXPECT_TRUE(j["itl_ms"].is_array());
  EXPECT_EQ("http_503", j["error"]["kind"]);
  EXPECT_EQ(503, j["error"]["http_status"]);
}

TEST(RecordJson, RoundTripsExactly) {
  testing::Jitter jit(7);
  const auto s = testing::spec("mid", 3000, 8, LoadShape::rate, 1, 1, 2.0);
  const RequestRecord r = testing::synth_ok(s, 4, 100.25, 100.75, 0, 1, 8, jit);
  const auto back = json::parse(json(r).dump()).get<RequestRecord>();
  EXPECT_EQ(json(r), json(back));
  ASSERT_TRUE(back.ttft_ms);
  EXPECT_EQ(*r.ttft_ms, *back.ttft_ms);  // doubles survive the text form bit for bit
  EXPECT_EQ(r.itl_ms, back.itl_ms);
  EXPECT_FALSE(back.error);
  EXPECT_TRUE(json(r)["error"].is_null());
}

TEST(RecordJson, CachedTokensOnlyWhenTheServerSaidIt) {
  testing::Jitter jit(7);
  const auto s = testing::spec("cache", 100, 8, LoadShape::closed, 1, 1);
  RequestRecord r = testing::synth_ok(s, 0, 0, 0, 0, 1, 8, jit);
  EXPECT_FALSE(json(r).contains("cached_tokens"));
  EXPECT_FALSE(json(r).get<RequestRecord>().cached_tokens);
  r.cached_tokens = 0;  // known: nothing was cached
  EXPECT_EQ(0, json(r)["cached_tokens"]);
  EXPECT_EQ(json(r).get<RequestRecord>().cached_tokens.value_or(-1), 0);
  r.cached_tokens = 96;
  const auto back = json::parse(json(r).dump()).get<RequestRecord>();
  EXPECT_EQ(back.cached_tokens.value_or(-1), 96);
}

TEST(RecordJson, ReasoningKeysOnlyWhenTheStreamReasoned) {
  testing::Jitter jit(7);
  const auto s = testing::spec("think", 100, 8, LoadShape::closed, 1, 1);
  RequestRecord r = testing::synth_ok(s, 0, 0, 0, 0, 1, 8, jit);
  for (const char* k : {"ttfo_ms", "reasoning_tokens", "reasoning_tokens_estimated"}) {
    EXPECT_FALSE(json(r).contains(k)) << k;
  }
  r.ttfo_ms = 123.5;
  r.reasoning_tokens = 64;
  r.reasoning_tokens_estimated = true;
  const json j = r;
  EXPECT_EQ(123.5, j["ttfo_ms"]);
  EXPECT_EQ(64, j["reasoning_tokens"]);
  EXPECT_EQ(true, j["reasoning_tokens_estimated"]);
  const auto back = json::parse(j.dump()).get<RequestRecord>();
  EXPECT_EQ(j, json(back));
  // The answer never began (max_tokens spent on reasoning): ttfo_ms is null.
  r.ttfo_ms.reset();
  EXPECT_TRUE(json(r)["ttfo_ms"].is_null());
  EXPECT_FALSE(json(r).get<RequestRecord>().ttfo_ms);
}

TEST(RunJson, SummaryHasReasoningDistributionsOnlyWhenSomeRequestReasoned) {
  RunResult run = testing::synth_mixed_run();
  EXPECT_FALSE(json(run.scenarios[0].summary).contains("ttfo_ms"));
  EXPECT_FALSE(json(run.scenarios[0].summary).contains("reasoning_tokens"));
  run.scenarios[0].summary.ttfo_ms = summarize({300, 500});
  run.scenarios[0].summary.reasoning_tokens = summarize({64, 64});
  const json j = run.scenarios[0].summary;
  EXPECT_EQ(2u, j["ttfo_ms"]["count"].get<unsigned>());
  EXPECT_EQ(64, j["reasoning_tokens"]["p50"].get<double>());
  const RunResult back = json::parse(run_json_text(run)).get<RunResult>();
  EXPECT_EQ(run_json_text(run), run_json_text(back));
  EXPECT_EQ(400, back.scenarios[0].summary.ttfo_ms.mean);
}

TEST(RunJson, TopLevelLayoutFollowsTheOutputContract) {
  const json j = json::parse(run_json_text(testing::synth_seed_run()));
  EXPECT_EQ(1, j["schema_version"]);
  EXPECT_EQ("sonde", j["tool"]["name"]);
  EXPECT_EQ("/v1/chat/completions", j["target"]["endpoint"]);
  EXPECT_EQ(32768, j["server"]["max_model_len"]);
  ASSERT_EQ(8u, j["scenarios"].size());
  const json& sc = j["scenarios"][7];
  EXPECT_EQ("concurrency_8", sc["name"]);
  EXPECT_EQ("burst", sc["load"]);
  EXPECT_EQ(8, sc["concurrency"]);
  EXPECT_EQ("tokenize", sc["prompt_calibration"]["method"]);
  EXPECT_EQ(40, sc["summary"]["completed"]);
  EXPECT_EQ(40u, sc["summary"]["ttft_ms"]["count"].get<unsigned>());
  EXPECT_TRUE(sc["summary"]["errors"].is_object());
}

TEST(RunJson, RoundTripsThroughText) {
  const RunResult run = testing::synth_mixed_run();
  const RunResult back = json::parse(run_json_text(run)).get<RunResult>();
  EXPECT_EQ(run_json_text(run), run_json_text(back));
  EXPECT_EQ(LoadShape::rate, back.scenarios[3].spec.load);
  EXPECT_EQ(1, back.scenarios[0].summary.errors.at("timeout_first_token"));
  EXPECT_FALSE(back.complete);
}

class ReadRunJson : public ::testing::Test {
 protected:
  std::filesystem::path dir_ = test::scratch_dir() / "read_run_json";
  void SetUp() override { std::filesystem::create_directories(dir_); }
  std::filesystem::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  static std::string message_of(const std::filesystem::path& p) {
    try {
      read_run_json(p);
    } catch (const UsageError& e) {
      return e.what();
    }
    return "no error";
  }
};

TEST_F(ReadRunJson, ReadsWhatWasWritten) {
  const auto p = write("run.json", run_json_text(testing::synth_seed_run()));
  EXPECT_EQ(8u, read_run_json(p).scenarios.size());
}

TEST_F(ReadRunJson, ErrorsNameTheFileAndTheProblem) {
  EXPECT_NE(std::string::npos, message_of(dir_ / "absent.json").find("absent.json"));
  EXPECT_NE(std::string::npos, message_of(write("bad.json", "{ nope")).find("not valid JSON"));
  EXPECT_NE(std::string::npos,
            message_of(write("v9.json", R"({"schema_version": 9})")).find("schema_version 9"));
  json j = json::parse(run_json_text(testing::synth_seed_run()));
  j["scenarios"][0].erase("summary");
  const std::string m = message_of(write("nosummary.json", j.dump()));
  EXPECT_NE(std::string::npos, m.find("nosummary.json")) << m;
  EXPECT_NE(std::string::npos, m.find("summary")) << m;
}

}  // namespace
}  // namespace sonde
