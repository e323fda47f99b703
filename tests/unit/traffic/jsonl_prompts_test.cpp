#include "traffic/jsonl_prompts.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "test_input.hpp"

namespace sonde::traffic {
namespace {

using test::error_of;
using test::example;

PromptDataset load_text(const std::string& text, const DatasetOptions& options = {}) {
  std::istringstream in(text);
  return load_prompts(in, "data.jsonl", options);
}

std::string message_of(const std::string& text) {
  const auto e = error_of([&] { load_text(text); });
  return e ? e->what() : "";
}

TEST(JsonlPrompts, ExampleFileKeepsTextExactly) {
  const PromptDataset d = load_prompts(example("prompts.jsonl"), {});
  ASSERT_EQ(d.rows.size(), 10u);
  EXPECT_EQ(d.facts.rows_seen, 11u);
  EXPECT_EQ(d.facts.skipped.at(SkipReason::empty_line), 1u);
  EXPECT_EQ(std::get<std::string>(d.rows[0].input), "Explain what a token is to a new engineer.");
  EXPECT_FALSE(d.rows[0].output_len);
  ASSERT_TRUE(d.rows[1].is_chat());
  EXPECT_EQ(std::get<std::vector<ChatMessage>>(d.rows[1].input)[0].content,
            "한국어로 짧은 시를 써 주세요.");
  EXPECT_EQ(d.rows[2].output_len, 64);
  const auto& system = std::get<std::vector<ChatMessage>>(d.rows[3].input);
  ASSERT_EQ(system.size(), 2u);
  EXPECT_EQ(system[0].role, "system");
  EXPECT_EQ(std::get<std::string>(d.rows[4].input),
            "  Leading and trailing spaces are kept exactly.  ");
  EXPECT_EQ(d.rows[5].line, 7u);  // after the empty line 6
  EXPECT_EQ(std::get<std::string>(d.rows[7].input), "Line one\nline two, with a tab\tinside.");
  EXPECT_EQ(d.facts.sha256.size(), 64u);
}

TEST(JsonlPrompts, ErrorsNameLineAndField) {
  EXPECT_EQ(message_of("{\"prompt\": \"a\"}\n\n{\"prompt\": 3}\n"),
            "data.jsonl:3: field \"prompt\" must be a string (got number); each line must be "
            "{\"prompt\": \"...\"} or {\"messages\": [...]}");
  EXPECT_NE(
      message_of("{\"text\": \"a\"}").find("data.jsonl:1: field \"text\" is not a known key; allowed: prompt, messages, output_len;"),
      std::string::npos);
  EXPECT_NE(message_of("{}").find("data.jsonl:1: field \"prompt\" is missing"), std::string::npos);
  EXPECT_NE(message_of("[1]").find("data.jsonl:1: must be a JSON object (got array)"),
            std::string::npos);
  EXPECT_NE(
      message_of("{\"prompt\": \"a\"\n{\"prompt\": \"b\"}").find("data.jsonl:1: is not valid JSON"),
      std::string::npos);
  EXPECT_NE(message_of("{\"prompt\": \"a\"} trailing").find("data.jsonl:1: is not valid JSON"),
            std::string::npos);
  EXPECT_NE(
      message_of("{\"prompt\": \"a\", \"messages\": [{\"role\": \"user\", \"content\": \"b\"}]}")
          .find("is given together with \"prompt\""),
      std::string::npos);
  EXPECT_NE(message_of("{\"prompt\": \"a\", \"output_len\": 0}")
                .find("field \"output_len\" must be a positive integer (got 0)"),
            std::string::npos);
  EXPECT_NE(message_of("{\"prompt\": \"a\", \"output_len\": -4}").find("(got -4)"),
            std::string::npos);
  EXPECT_NE(message_of("{\"prompt\": \"a\", \"output_len\": 1.5}")
                .find("field \"output_len\" must be a whole number (got 1.5)"),
            std::string::npos);
  EXPECT_NE(message_of("{\"prompt\": \"a\", \"output_len\": \"8\"}")
                .find("field \"output_len\" must be an integer (got string)"),
            std::string::npos);
}

TEST(JsonlPrompts, MessagesErrors) {
  EXPECT_NE(
      message_of("{\"messages\": \"hi\"}").find("field \"messages\" must be an array (got string)"),
      std::string::npos);
  EXPECT_NE(message_of("{\"messages\": []}").find("field \"messages\" is empty"), std::string::npos);
  EXPECT_EQ(message_of(
                "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"user\"}]}"),
            "data.jsonl:1: field \"messages[1].content\" is missing; \"messages\" must be "
            "[{\"role\": \"user\", \"content\": \"...\"}, ...]");
  EXPECT_NE(message_of("{\"messages\": [{\"role\": 1, \"content\": \"a\"}]}")
                .find("field \"messages[0].role\" must be a string (got number)"),
            std::string::npos);
  EXPECT_NE(
      message_of("{\"messages\": [7]}").find("field \"messages[0]\" must be an object (got number)"),
      std::string::npos);
}

TEST(JsonlPrompts, InvalidUtf8AndEmptyFiles) {
  const auto e = error_of([] { load_text("{\"prompt\": \"ok\"}\n{\"prompt\": \"\xFF\"}\n"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(
      std::string(e->what()),
      "data.jsonl:2: field \"prompt\" is not valid UTF-8 (byte 0xFF); save the file as UTF-8");
  EXPECT_EQ(message_of(""),
            "data.jsonl: has no usable line (read 0, skipped: none); add lines like "
            "{\"prompt\": \"...\"}, within max_input_len");
  EXPECT_NE(message_of("\n  \n").find("(read 2, skipped: 2 empty_line)"), std::string::npos);
}

TEST(JsonlPrompts, CrlfLinesAndMaxInputLen) {
  DatasetOptions o;
  o.max_input_len = 5;
  const PromptDataset d = load_text(
      "{\"prompt\": \"short\"}\r\n{\"prompt\": \"longer!\"}\r\n"
      "{\"messages\": [{\"role\": \"user\", \"content\": \"abc\"}, {\"role\": \"user\", "
      "\"content\": \"def\"}]}\r\n",
      o);
  ASSERT_EQ(d.rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(d.rows[0].input), "short");
  EXPECT_EQ(d.facts.skipped.at(SkipReason::too_long), 2u);  // messages: 3 + 3 chars
}

TEST(JsonlPrompts, SamplingIsReproducible) {
  DatasetOptions o;
  o.sample = 4;
  o.seed = 9;
  const auto lines = [](const PromptDataset& d) {
    std::vector<std::size_t> out;
    for (const auto& r : d.rows) out.push_back(r.line);
    return out;
  };
  const auto a = load_prompts(example("prompts.jsonl"), o);
  EXPECT_EQ(a.rows.size(), 4u);
  EXPECT_EQ(a.facts.rows_used, 4u);
  EXPECT_EQ(lines(a), lines(load_prompts(example("prompts.jsonl"), o)));
  o.seed = 10;
  EXPECT_NE(lines(a), lines(load_prompts(example("prompts.jsonl"), o)));
}

}  // namespace
}  // namespace sonde::traffic
