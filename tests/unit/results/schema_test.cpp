// run.json against schema/run.schema.json, through the same validator CI uses
// (tests/tools/validate_json.py: python3 + python3-jsonschema).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "results/atomic_file.hpp"
#include "results/json.hpp"
#include "synth_run.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

namespace fs = std::filesystem;

int validate(const fs::path& instance) {
  const std::string cmd = std::string("python3 ") + SONDE_SOURCE_DIR +
                          "/tests/tools/validate_json.py " + SONDE_SOURCE_DIR +
                          "/schema/run.schema.json '" + instance.string() + "'";
  return std::system(cmd.c_str());
}

fs::path temp_file(const std::string& name) {
  const fs::path dir = test::scratch_dir() / "schema_test";
  fs::create_directories(dir);
  return dir / name;
}

TEST(RunSchema, RealRunJsonIsValid) {
  const fs::path p = temp_file("seed_run.json");
  write_file_atomic(p, run_json_text(testing::synth_seed_run()));
  EXPECT_EQ(0, validate(p));
}

TEST(RunSchema, RunWithFailuresNullsAndRateIsValid) {
  RunResult run = testing::synth_mixed_run();
  // An empty scenario (interrupted before any request) has null means and percentiles.
  run.scenarios.push_back(
      testing::synth_scenario(testing::spec("empty", 10, 10, LoadShape::closed, 1, 0), {}));
  const fs::path p = temp_file("mixed_run.json");
  write_file_atomic(p, run_json_text(run));
  EXPECT_EQ(0, validate(p));
}

TEST(RunSchema, ConversationScenarioIsValid) {
  RunResult run = testing::synth_mixed_run();
  ScenarioSpec spec = testing::spec("chat", 128, 64, LoadShape::closed, 4, 16);
  spec.source = ConversationSource{4, 4, 128, 64, 1, ThinkTime::fixed};
  std::vector<RequestRecord> records;
  for (int i = 0; i < 16; ++i) {
    RequestRecord r;
    r.scenario = "chat";
    r.index = i;
    r.ok = true;
    r.session = i % 4;
    r.turn = i / 4 + 1;
    r.input_tokens = 130 + 200 * (i / 4);
    r.output_tokens = 64;
    r.ttft_ms = 20.0 + i;
    r.tpot_ms = 5;
    records.push_back(r);
  }
  ScenarioResult sc = testing::synth_scenario(spec, records);
  sc.conversation = ConversationFacts{123};
  sc.turns = summarize_turns(records);
  run.scenarios.push_back(sc);
  const fs::path p = temp_file("conversation_run.json");
  write_file_atomic(p, run_json_text(run));
  EXPECT_EQ(0, validate(p));
}

TEST(RunSchema, WrongTypeIsRejected) {
  nlohmann::json j = testing::synth_seed_run();
  j["scenarios"][0]["summary"]["completed"] = "five";  // NaN-free, but a string
  const fs::path p = temp_file("wrong_type.json");
  write_file_atomic(p, j.dump());
  EXPECT_NE(0, validate(p));
}

TEST(RunSchema, MissingDistributionFieldIsRejected) {
  nlohmann::json j = testing::synth_seed_run();
  j["scenarios"][2]["summary"]["ttft_ms"].erase("p99");
  const fs::path p = temp_file("missing_p99.json");
  write_file_atomic(p, j.dump());
  EXPECT_NE(0, validate(p));
}

TEST(RunSchema, NaNLiteralIsRejected) {
  const fs::path p = temp_file("nan.json");
  std::string text = run_json_text(testing::synth_seed_run());
  const std::string key = "\"sim_speed\": 20.0";
  ASSERT_NE(std::string::npos, text.find(key));
  text.replace(text.find(key), key.size(), "\"sim_speed\": NaN");
  write_file_atomic(p, text);
  EXPECT_NE(0, validate(p));
}

}  // namespace
}  // namespace sonde
