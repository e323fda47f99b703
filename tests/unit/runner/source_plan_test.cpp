// Requests built from dataset and trace files against the in-process simulator: prompts of
// exactly the traced length, equal Mooncake hash ids giving equal text, rows the server could
// not take skipped and counted, and the load-time errors.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "runner/source_plan.hpp"
#include "sim/sim_server.hpp"
#include "sim/tokenizer.hpp"
#include "support/test_files.hpp"
#include "util/error.hpp"
#include "workload/block_text.hpp"
#include "workload/corpus.hpp"

namespace sonde {
namespace {

SimOptions sim_options() {
  SimOptions o;
  o.port = 0;
  o.model = "test/model";
  o.served_model_name = "m";
  o.max_model_len = 4096;
  o.speed = 1e6;
  return o;
}

std::string content_of(const PreparedRequest& r) {
  const auto j = nlohmann::json::parse(r.body);
  return j.contains("messages") ? j["messages"][0]["content"].get<std::string>()
                                : j["prompt"].get<std::string>();
}

class SourcePlan : public ::testing::Test {
 protected:
  SimServer sim_{sim_options()};
  std::filesystem::path dir_ = test::fresh_dir("source_plan");
  Corpus corpus_ = Corpus::load("en");
  PromptFactory prompts_{corpus_, 1};
  void SetUp() override { sim_.start(); }
  Endpoint endpoint(ApiEndpoint api = ApiEndpoint::chat) {
    return Endpoint{"http://127.0.0.1:" + std::to_string(sim_.port()), api, std::nullopt};
  }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
};

TEST(BlockText, EqualHashIdsGiveEqualBlocksAndWordsAreTokens) {
  const BlockTextSpec a{7, {1, 2, 3}, 16, 100};
  const BlockTextSpec b{7, {1, 2, 9}, 16, 101};
  const std::string ta = block_text(a, 40);  // two whole blocks, then 8 unique words
  const std::string tb = block_text(b, 40);
  EXPECT_EQ(sim::encode_text(ta).size(), 40u);
  EXPECT_EQ(sim::encode_text(tb).size(), 40u);
  const auto words = [](const std::string& t, std::size_t n) {
    std::size_t end = 0;
    for (std::size_t i = 0; i < n; ++i) end = t.find(' ', end + (i > 0 ? 1 : 0));
    return t.substr(0, end);
  };
  EXPECT_EQ(words(ta, 32), words(tb, 32));  // blocks 1 and 2 shared
  EXPECT_NE(words(ta, 33), words(tb, 33));  // the partial third block is each request's own
  const std::string tc = block_text(BlockTextSpec{7, {5, 2}, 16, 100}, 40);
  EXPECT_NE(words(ta, 16), words(tc, 16));  // another first id, another first block
  EXPECT_EQ(block_text(a, 40), ta);         // deterministic
}

TEST_F(SourcePlan, MooncakeRowsGetExactLengthsSharedPrefixesAndTheirTimestamps) {
  const auto path = write(
      "t.jsonl",
      "{\"timestamp\": 100, \"input_length\": 700, \"output_length\": 5, \"hash_ids\": [1, 2, 3]}\n"
      "{\"timestamp\": 140, \"input_length\": 650, \"output_length\": 0, \"hash_ids\": [1, 2, 4]}\n"
      "{\"timestamp\": 180, \"input_length\": 9000, \"output_length\": 5, \"hash_ids\": [1]}\n");
  ServerTokenCounter counter(endpoint(), "m");
  RequestFactory f{endpoint(), "m", "run1", GenerationParams{}, prompts_, counter, 1, 0};
  f.max_model_len = 4096;
  ScenarioSpec spec;
  spec.name = "t";
  spec.load = LoadShape::rate;
  spec.source = TraceSource{TraceKind::mooncake, path, 2.0, std::nullopt, 256};
  PromptCalibration cal;
  SourceRecord record;
  const DispatchPlan plan = prepare_file_scenario(f, spec, cal, record, 4.0);
  ASSERT_EQ(plan.requests.size(), 2u);
  EXPECT_EQ(record.skipped.at("over_max_model_len"), 1u);  // 9000 + 5 > 4096: not sent to fail
  EXPECT_EQ(record.rows_used, 2u);
  EXPECT_EQ(record.rows_skipped, 1u);
  EXPECT_EQ(record.sha256.size(), 64u);
  EXPECT_EQ(plan.requests[0].row, 1);
  EXPECT_EQ(plan.requests[1].output_tokens_target, 1);  // at least one token
  EXPECT_DOUBLE_EQ(*plan.requests[0].intended_offset_s, 0.0);
  EXPECT_DOUBLE_EQ(*plan.requests[1].intended_offset_s, 0.040 / 2.0 / 4.0);
  const std::string a = content_of(plan.requests[0]), b = content_of(plan.requests[1]);
  EXPECT_EQ(counter.count(a), 700);
  EXPECT_EQ(counter.count(b), 650);
  EXPECT_EQ(cal.max_error_pct, 0);
  std::size_t same = 0;
  while (same < std::min(a.size(), b.size()) && a[same] == b[same]) ++same;
  EXPECT_GE(sim::encode_text(a.substr(0, same)).size(), 511u);  // hash ids 1, 2: 512 tokens
  EXPECT_LE(sim::encode_text(a.substr(0, same)).size(), 513u);
}

TEST_F(SourcePlan, JsonlRowsAreSentVerbatimAndOverLongOnesSkipped) {
  const auto path = write("p.jsonl",
                          "{\"prompt\": \"  exact  text \", \"output_len\": 3}\n"
                          "{\"messages\": [{\"role\": \"system\", \"content\": \"be brief\"}, "
                          "{\"role\": \"user\", \"content\": \"hi\"}]}\n"
                          "{\"prompt\": \"" +
                              std::string(3000, 'x') + " end\"}\n");
  ServerTokenCounter counter(endpoint(), "m");
  RequestFactory f{endpoint(), "m", "run1", GenerationParams{}, prompts_, counter, 1, 0};
  ScenarioSpec spec;
  spec.name = "d";
  spec.load = LoadShape::burst;
  spec.concurrency = 1;
  spec.requests = 0;
  DatasetSource d;
  d.path = path;
  d.output_len = 7;
  d.max_input_len = 100;
  spec.source = d;
  PromptCalibration cal;
  SourceRecord record;
  const DispatchPlan plan = prepare_file_scenario(f, spec, cal, record, 1.0);
  ASSERT_EQ(plan.requests.size(), 2u);
  EXPECT_EQ(record.skipped.at("too_long"), 1u);
  EXPECT_EQ(content_of(plan.requests[0]), "  exact  text ");
  const auto chat = nlohmann::json::parse(plan.requests[1].body);
  EXPECT_EQ(chat["messages"].size(), 2u);
  EXPECT_EQ(chat["messages"][0]["content"], "be brief");
  EXPECT_EQ(chat["max_tokens"], 7);
  EXPECT_EQ(plan.requests[1].row, 2);
  EXPECT_EQ(plan.requests[1].round, 1);

  spec.requests = 3;  // two usable rows: no cycling
  try {
    prepare_file_scenario(f, spec, cal, record, 1.0);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("requests is 3 but"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("only 2 usable rows"), std::string::npos) << e.what();
  }
}

TEST_F(SourcePlan, MessagesRowOnCompletionsIsALoadError) {
  const auto path =
      write("m.jsonl",
            "{\"prompt\": \"a\"}\n{\"messages\": [{\"role\": \"user\", \"content\": \"b\"}]}\n");
  ServerTokenCounter counter(endpoint(ApiEndpoint::completions), "m");
  RequestFactory f{
      endpoint(ApiEndpoint::completions), "m", "run1", GenerationParams{}, prompts_, counter, 1, 0};
  ScenarioSpec spec;
  spec.name = "d";
  DatasetSource d;
  d.path = path;
  d.output_len = 4;
  spec.source = d;
  PromptCalibration cal;
  SourceRecord record;
  try {
    prepare_file_scenario(f, spec, cal, record, 1.0);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("m.jsonl:2: a \"messages\" row needs the chat endpoint"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace sonde
