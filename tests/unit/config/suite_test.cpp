#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config/suite.hpp"
#include "util/error.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

std::string error_of(const std::string& path) {
  try {
    load_suite_file(path);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(SeedSuite, MatchesTheUsersRequest) {
  const auto s = seed_suite(SeedSuiteParams{});
  ASSERT_EQ(s.size(), 8u);
  EXPECT_EQ(s[0].name, "short_1k");
  EXPECT_EQ(s[1].name, "mid_3k");
  EXPECT_EQ(s[2].name, "long_6k");
  EXPECT_EQ(s[3].name, "verylong_10k");
  EXPECT_EQ(s[3].input_len, 10000);
  EXPECT_EQ(s[3].output_len, 512);
  EXPECT_EQ(s[3].requests, 5);
  EXPECT_EQ(s[3].concurrency, 1);
  EXPECT_EQ(s[7].name, "concurrency_8");
  EXPECT_EQ(s[7].load, LoadShape::burst);
  EXPECT_EQ(s[7].input_len, 3000);
  EXPECT_EQ(s[7].output_len, 300);
  EXPECT_EQ(s[7].requests, 40);  // 5 rounds of 8
}

TEST(SeedSuite, RateModeReplacesConcurrencyStage) {
  SeedSuiteParams p;
  p.load = LoadShape::rate;
  p.request_rates = {0.5, 2};
  p.max_concurrency = 4;
  const auto s = seed_suite(p);
  ASSERT_EQ(s.size(), 6u);
  EXPECT_EQ(s[4].name, "rate_0p5");
  EXPECT_EQ(s[5].name, "rate_2");
  EXPECT_EQ(s[5].load, LoadShape::rate);
  EXPECT_DOUBLE_EQ(s[5].request_rate, 2);
  EXPECT_EQ(s[5].max_concurrency, 4);
  EXPECT_EQ(s[5].requests, 40);
}

TEST(SuiteFile, LoadsScenariosWithDefaults) {
  const auto path =
      test::write_scratch("ok.yaml",
                          "defaults:\n  output_len: 64\n  load: burst\n"
                          "scenarios:\n"
                          "  - name: a\n    input_len: 100\n    concurrency: 4\n    requests: 8\n"
                          "  - name: b\n    input_len: 200\n    load: rate\n    request_rate: 2.5\n"
                          "    requests: 10\n");
  const auto s = load_suite_file(path);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].output_len, 64);
  EXPECT_EQ(s[0].load, LoadShape::burst);
  EXPECT_EQ(s[0].concurrency, 4);
  EXPECT_EQ(s[1].load, LoadShape::rate);
  EXPECT_DOUBLE_EQ(s[1].request_rate, 2.5);
}

// A suite may carry its SLOs, spelt as vLLM's --goodput; a bad one names file, line and token.
TEST(SuiteFile, GoodputSlos) {
  const auto ok = test::write_scratch("goodput.yaml",
                                      "goodput: ttft:500 tpot:50\n"
                                      "scenarios:\n  - {name: a, input_len: 5, output_len: 5}\n");
  const SuiteFile suite = load_suite(ok);
  EXPECT_EQ(suite.goodput.ttft_ms, 500.0);
  EXPECT_EQ(suite.goodput.tpot_ms, 50.0);
  EXPECT_FALSE(suite.goodput.e2el_ms.has_value());
  EXPECT_FALSE(load_suite(test::write_scratch("none.yaml",
                                              "scenarios:\n  - {name: a, input_len: 5, "
                                              "output_len: 5}\n"))
                   .goodput.any());

  const auto bad = test::write_scratch("bad_goodput.yaml",
                                       "scenarios:\n  - {name: a, input_len: 5, output_len: 5}\n"
                                       "goodput: ttft:abc\n");
  const std::string msg = error_of(bad);
  EXPECT_NE(msg.find(bad + ":3: goodput"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'ttft:abc'"), std::string::npos) << msg;
}

TEST(SuiteFile, ErrorsNameFileLineAndKey) {
  const auto bad_value = test::write_scratch(
      "bad_value.yaml", "scenarios:\n  - name: a\n    input_len: many\n    output_len: 5\n");
  EXPECT_EQ(error_of(bad_value),
            bad_value + ":3: scenarios[0].input_len: expected an integer token count, got 'many'");

  const auto unknown =
      test::write_scratch("unknown.yaml",
                          "scenarios:\n  - name: a\n    input_len: 5\n    output_len: 5\n"
                          "    concurency: 2\n");
  const auto msg = error_of(unknown);
  EXPECT_NE(msg.find(unknown + ":5: scenarios[0].concurency: unknown key"), std::string::npos) << msg;

  const auto bad_load = test::write_scratch(
      "bad_load.yaml", "scenarios:\n  - {name: a, input_len: 5, output_len: 5, load: wave}\n");
  EXPECT_NE(error_of(bad_load).find("scenarios[0].load: 'wave' is not a load shape"),
            std::string::npos);

  const auto syntax = test::write_scratch("syntax.yaml", "scenarios:\n  - name: [a\n");
  EXPECT_NE(error_of(syntax).find(syntax + ":"), std::string::npos);
  EXPECT_NE(error_of(syntax).find("invalid YAML"), std::string::npos);

  const auto dup = test::write_scratch("dup.yaml",
                                       "scenarios:\n  - {name: a, input_len: 5, output_len: 5}\n"
                                       "  - {name: a, input_len: 6, output_len: 5}\n");
  EXPECT_NE(error_of(dup).find("duplicate scenario name 'a'"), std::string::npos);

  const auto no_rate = test::write_scratch(
      "no_rate.yaml", "scenarios:\n  - {name: a, input_len: 5, output_len: 5, load: rate}\n");
  EXPECT_NE(error_of(no_rate).find("request_rate"), std::string::npos);

  EXPECT_NE(error_of("/nonexistent/suite.yaml").find("/nonexistent/suite.yaml: cannot open"),
            std::string::npos);
  const auto empty = test::write_scratch("empty.yaml", "scenarios: []\n");
  EXPECT_NE(error_of(empty).find("non-empty list"), std::string::npos);
}

TEST(SuiteFile, ExampleSeedSuiteEqualsBuiltIn) {
  const auto from_file =
      load_suite_file(std::string(SONDE_SOURCE_DIR) + "/examples/seed-suite.yaml");
  const auto built_in = seed_suite(SeedSuiteParams{});
  ASSERT_EQ(from_file.size(), built_in.size());
  for (std::size_t i = 0; i < built_in.size(); ++i) {
    EXPECT_EQ(from_file[i].name, built_in[i].name);
    EXPECT_EQ(from_file[i].input_len, built_in[i].input_len);
    EXPECT_EQ(from_file[i].output_len, built_in[i].output_len);
    EXPECT_EQ(from_file[i].load, built_in[i].load);
    EXPECT_EQ(from_file[i].concurrency, built_in[i].concurrency);
    EXPECT_EQ(from_file[i].requests, built_in[i].requests);
  }
}

}  // namespace
}  // namespace sonde

namespace sonde {
namespace {

// Found by suite_yaml_fuzz: a non-string mapping key used to escape as a yaml-cpp exception.
TEST(SuiteFile, NonStringKeyIsAUsageError) {
  const std::string path = std::string(SONDE_FIXTURES) + "/suites/nonstring_key.yaml";
  const auto msg = error_of(path);
  EXPECT_NE(msg.find(path + ":"), std::string::npos) << msg;
}

}  // namespace
}  // namespace sonde

namespace sonde {
namespace {

TEST(SuiteFile, DeepNestingIsRefusedBeforeParsing) {
  const auto path = test::write_scratch("deep.yaml", "scenarios: " + std::string(5000, '[') + "\n");
  const auto msg = error_of(path);
  EXPECT_NE(msg.find("nested more than 64 levels"), std::string::npos) << msg;
}

}  // namespace
}  // namespace sonde
