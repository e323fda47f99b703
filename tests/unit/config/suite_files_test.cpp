// Suite scenarios that read a dataset or a trace: strict keys, relative paths, and the scenario
// keys that a file source replaces.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config/suite.hpp"
#include "support/test_files.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

class SuiteFiles : public ::testing::Test {
 protected:
  std::filesystem::path dir_ = test::fresh_dir("suite_sources");
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "data");
    std::ofstream(dir_ / "data/p.jsonl") << "{\"prompt\": \"hi\", \"output_len\": 4}\n";
    std::ofstream(dir_ / "data/t.jsonl")
        << "{\"timestamp\": 0, \"input_length\": 10, \"output_length\": 2, \"hash_ids\": [1]}\n";
  }
  std::string write(const std::string& text) {
    const auto p = dir_ / "suite.yaml";
    std::ofstream(p) << text;
    return p.string();
  }
  std::string error_of(const std::string& text) {
    try {
      load_suite_file(write(text));
    } catch (const UsageError& e) {
      return e.what();
    }
    return "no error";
  }
};

TEST_F(SuiteFiles, DatasetResolvesAgainstTheSuiteAndUsesEveryRowByDefault) {
  const auto s = load_suite_file(write(
      "scenarios:\n"
      "  - name: d\n"
      "    dataset: {kind: jsonl, path: data/p.jsonl, sample: 3, seed: 9, max_input_len: 100}\n"
      "    load: closed\n"
      "    concurrency: 2\n"));
  ASSERT_EQ(s.size(), 1u);
  const auto* d = std::get_if<DatasetSource>(&s[0].source);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->kind, DatasetKind::jsonl);
  EXPECT_EQ(std::filesystem::path(d->path), dir_ / "data/p.jsonl");
  EXPECT_EQ(d->sample, 3u);
  EXPECT_EQ(d->seed, 9u);
  EXPECT_EQ(d->max_input_len, 100);
  EXPECT_FALSE(d->output_len.has_value());  // each row's own
  EXPECT_EQ(s[0].requests, 0);              // every row once
  EXPECT_EQ(s[0].input_len, 0);
  EXPECT_EQ(s[0].concurrency, 2);
}

TEST_F(SuiteFiles, OutputLenFromTheDatasetKeyOrTheScenario) {
  auto s = load_suite_file(write(
      "scenarios:\n"
      "  - {name: a, dataset: {kind: sharegpt, path: data/p.jsonl, output_len: 64}, requests: 1}\n"
      "  - {name: b, dataset: {kind: sharegpt, path: data/p.jsonl, output_len: dataset}}\n"
      "  - {name: c, dataset: {kind: sharegpt, path: data/p.jsonl}, output_len: 32}\n"));
  EXPECT_EQ(std::get<DatasetSource>(s[0].source).output_len, 64);
  EXPECT_EQ(s[0].requests, 1);
  EXPECT_FALSE(std::get<DatasetSource>(s[1].source).output_len.has_value());
  EXPECT_EQ(std::get<DatasetSource>(s[2].source).output_len, 32);
  EXPECT_EQ(s[2].output_len, 32);
}

TEST_F(SuiteFiles, TraceIsOpenLoopAtItsOwnTimestamps) {
  const auto s =
      load_suite_file(write("defaults: {load: burst, input_len: 100, output_len: 10}\n"
                            "scenarios:\n"
                            "  - name: t\n"
                            "    trace: {kind: mooncake, path: data/t.jsonl, speedup: 2.5, "
                            "max_requests: 5, block_tokens: 16}\n"
                            "    max_concurrency: 8\n"));
  const auto* t = std::get_if<TraceSource>(&s[0].source);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->speedup, 2.5);
  EXPECT_EQ(t->max_requests, 5u);
  EXPECT_EQ(t->block_tokens, 16);
  EXPECT_EQ(s[0].load, LoadShape::rate);
  EXPECT_EQ(s[0].max_concurrency, 8);
  EXPECT_EQ(s[0].input_len, 0);  // the defaults' lengths are the rows' business here
}

TEST(RealTrafficExample, LoadsWithOneScenarioPerSource) {
  const auto s = load_suite_file(std::string(SONDE_SOURCE_DIR) + "/examples/real-traffic.yaml");
  ASSERT_EQ(s.size(), 7u);
  EXPECT_EQ(std::get<DatasetSource>(s[0].source).kind, DatasetKind::sharegpt);
  EXPECT_EQ(std::get<DatasetSource>(s[1].source).kind, DatasetKind::jsonl);
  EXPECT_EQ(std::get<TraceSource>(s[2].source).kind, TraceKind::mooncake);
  EXPECT_EQ(std::get<TraceSource>(s[3].source).kind, TraceKind::azure);
  EXPECT_EQ(std::get<SharedPrefixSource>(s[4].source).groups, 4);
  EXPECT_EQ(std::get<ConversationSource>(s[5].source).users, 4);
  EXPECT_EQ(s[5].requests, 16);
  ASSERT_TRUE(s[6].ramp.has_value());
  EXPECT_EQ(s[6].ramp->to_rate, 20);
}

TEST_F(SuiteFiles, ErrorsNameTheKeyAndWhatIsAllowed) {
  const std::string head = "scenarios:\n  - name: x\n";
  EXPECT_NE(
      error_of(head + "    dataset: {kind: csv, path: data/p.jsonl}\n")
          .find("scenarios[0].dataset.kind: 'csv' is not a dataset kind; use sharegpt or jsonl"),
      std::string::npos)
      << error_of(head + "    dataset: {kind: csv, path: data/p.jsonl}\n");
  EXPECT_NE(error_of(head + "    dataset: {kind: jsonl, path: nope.jsonl}\n")
                .find("scenarios[0].dataset.path: '"),
            std::string::npos)
      << error_of(head + "    dataset: {kind: jsonl, path: nope.jsonl}\n");
  EXPECT_NE(error_of(head + "    dataset: {kind: jsonl, path: data/p.jsonl, shuffle: true}\n")
                .find("scenarios[0].dataset.shuffle: unknown key; allowed: kind, path, sample, "
                      "seed, max_input_len, output_len"),
            std::string::npos)
      << error_of(head + "    dataset: {kind: jsonl, path: data/p.jsonl, shuffle: true}\n");
  EXPECT_NE(
      error_of(head + "    dataset: {path: data/p.jsonl}\n").find("scenarios[0].dataset.kind: missing"),
      std::string::npos)
      << error_of(head + "    dataset: {path: data/p.jsonl}\n");
  EXPECT_NE(error_of(head + "    dataset: {kind: jsonl, path: data/p.jsonl, sample: 0}\n")
                .find("scenarios[0].dataset.sample: must be >= 1, got 0"),
            std::string::npos)
      << error_of(head + "    dataset: {kind: jsonl, path: data/p.jsonl, sample: 0}\n");
  EXPECT_NE(error_of(head + "    dataset: {kind: jsonl, path: data/p.jsonl}\n    input_len: 100\n")
                .find("input_len: not allowed with dataset"),
            std::string::npos)
      << error_of(head + "    dataset: {kind: jsonl, path: data/p.jsonl}\n    input_len: 100\n");
  EXPECT_NE(
      error_of(head +
               "    dataset: {kind: jsonl, path: data/p.jsonl, output_len: 5}\n    output_len: 6\n")
          .find("output_len: given twice"),
      std::string::npos)
      << error_of(
             head +
             "    dataset: {kind: jsonl, path: data/p.jsonl, output_len: 5}\n    output_len: 6\n");
  EXPECT_NE(
      error_of(head + "    trace: {kind: mooncake, path: data/t.jsonl}\n    load: rate\n")
          .find(
              "load: not allowed with trace: a trace is replayed open-loop at its own timestamps"),
      std::string::npos)
      << error_of(head + "    trace: {kind: mooncake, path: data/t.jsonl}\n    load: rate\n");
  EXPECT_NE(
      error_of(head + "    trace: {kind: mooncake, path: data/t.jsonl}\n    request_rate: 5\n")
          .find("request_rate: not allowed with trace"),
      std::string::npos)
      << error_of(head + "    trace: {kind: mooncake, path: data/t.jsonl}\n    request_rate: 5\n");
  EXPECT_NE(error_of(head + "    trace: {kind: mooncake, path: data/t.jsonl}\n    requests: 5\n")
                .find("requests: not allowed with trace: use trace.max_requests"),
            std::string::npos)
      << error_of(head + "    trace: {kind: mooncake, path: data/t.jsonl}\n    requests: 5\n");
  EXPECT_NE(error_of(head + "    trace: {kind: azure, path: data/t.jsonl, speedup: 0}\n")
                .find("scenarios[0].trace.speedup: must be a number > 0"),
            std::string::npos)
      << error_of(head + "    trace: {kind: azure, path: data/t.jsonl, speedup: 0}\n");
  EXPECT_NE(error_of(head + "    trace: {kind: parquet, path: data/t.jsonl}\n")
                .find("'parquet' is not a trace kind; use mooncake or azure"),
            std::string::npos)
      << error_of(head + "    trace: {kind: parquet, path: data/t.jsonl}\n");
  EXPECT_NE(error_of(head + "    trace: [mooncake]\n").find("scenarios[0].trace: expected a mapping"),
            std::string::npos)
      << error_of(head + "    trace: [mooncake]\n");
  EXPECT_NE(error_of(head + "    dataset: {kind: jsonl, path: data/p.jsonl}\n    trace: {kind: "
                            "mooncake, path: data/t.jsonl}\n")
                .find("scenarios[0].trace: a scenario takes one source"),
            std::string::npos)
      << error_of(head +
                  "    dataset: {kind: jsonl, path: data/p.jsonl}\n    trace: {kind: mooncake, "
                  "path: data/t.jsonl}\n");
  EXPECT_NE(error_of(head + "    dataset: {kind: jsonl, path: data/p.jsonl}\n").find("no error"),
            std::string::npos);
  EXPECT_NE(error_of(head + "    trace: {kind: mooncake, path: data/t.jsonl}\n    ramp: "
                            "{from_rate: 1, to_rate: 2, duration_s: 1}\n")
                .find("ramp: not allowed with trace"),
            std::string::npos);
  EXPECT_NE(
      error_of(head + "    dataset: {kind: jsonl, path: data/p.jsonl}\n    shared_prefix: {groups: "
                      "1, requests_per_group: 2, prefix_len: 64, suffix_len: 8, output_len: 4}\n")
          .find("a scenario takes one source"),
      std::string::npos);
  EXPECT_EQ(error_of(head + "    dataset: {kind: jsonl, path: data/p.jsonl}\n    input_len: 100\n")
                .rfind((dir_ / "suite.yaml").string() + ":", 0),
            0u);  // FILE:LINE first
}

}  // namespace
}  // namespace sonde
