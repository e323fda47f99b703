// Suite key `conversation`: what it sets, what it derives, and its errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config/suite.hpp"
#include "support/test_files.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

std::string error_of(const std::string& text) {
  try {
    load_suite_file(test::write_scratch("bad.yaml", text));
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

constexpr const char* kChat = "conversation: {users: 4, turns: 3, user_len: 128, output_len: 32";

TEST(SuiteConversation, SetsTheSourceAndDerivesTheLoad) {
  const auto s = load_suite_file(test::write_scratch(
      "chat.yaml",
      std::string("defaults: {input_len: 100, output_len: 5, requests: 3, load: burst, "
                  "concurrency: 9}\n"
                  "scenarios:\n  - name: chat\n    ") +
          kChat + ", think_time_s: 1.5, think: exponential}\n  - {name: plain}\n"));
  ASSERT_EQ(s.size(), 2u);
  const auto* c = std::get_if<ConversationSource>(&s[0].source);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->users, 4);
  EXPECT_EQ(c->turns, 3);
  EXPECT_EQ(c->user_len, 128);
  EXPECT_EQ(c->output_len, 32);
  EXPECT_DOUBLE_EQ(c->think_time_s, 1.5);
  EXPECT_EQ(c->think, ThinkTime::exponential);
  // The defaults' lengths and load are replaced: users sessions at once, users × turns requests.
  EXPECT_EQ(s[0].input_len, 128);
  EXPECT_EQ(s[0].output_len, 32);
  EXPECT_EQ(s[0].requests, 12);
  EXPECT_EQ(s[0].load, LoadShape::closed);
  EXPECT_EQ(s[0].concurrency, 4);
  EXPECT_TRUE(std::holds_alternative<SyntheticSource>(s[1].source));
  EXPECT_EQ(s[1].load, LoadShape::burst);
}

TEST(SuiteConversation, ThinkDefaultsToNoPause) {
  const auto s = load_suite_file(test::write_scratch(
      "chat0.yaml", std::string("scenarios:\n  - name: chat\n    ") + kChat + "}\n"));
  const auto& c = std::get<ConversationSource>(s[0].source);
  EXPECT_EQ(c.think_time_s, 0);
  EXPECT_EQ(c.think, ThinkTime::fixed);
}

TEST(SuiteConversation, ErrorsNameTheKeyAndTheFix) {
  const std::string head = "scenarios:\n  - name: chat\n    ";
  for (const auto& [yaml, want] : std::vector<std::pair<std::string, std::string>>{
           {head + "conversation: {users: 4, turns: 3, user_len: 128}",
            "scenarios[0].conversation.output_len: missing; scenarios[0].conversation needs all of "
            "users, turns, user_len, output_len"},
           {head + kChat + ", pause: 2}",
            "scenarios[0].conversation.pause: unknown key; allowed: users, turns, user_len, "
            "output_len, think_time_s, think"},
           {head + "conversation: {users: 0, turns: 3, user_len: 128, output_len: 32}",
            "scenarios[0].conversation.users: must be >= 1, got 0"},
           {head + "conversation: {users: 2, turns: many, user_len: 128, output_len: 32}",
            "scenarios[0].conversation.turns: expected an integer number of turns per session, "
            "got 'many'"},
           {head + kChat + ", think_time_s: -1}",
            "scenarios[0].conversation.think_time_s: must be between 0 and 86400 seconds, got -1"},
           {head + kChat + ", think: poisson}",
            "scenarios[0].conversation.think: 'poisson' is not a think-time law; use fixed or "
            "exponential"},
           {head + "conversation: 4", "scenarios[0].conversation: expected a mapping of users"},
           {head + kChat + "}\n    requests: 10",
            "scenarios[0].requests: not allowed with conversation, which sets the load itself"},
           {head + kChat + "}\n    concurrency: 10",
            "scenarios[0].concurrency: not allowed with conversation"},
           {head + kChat + "}\n    load: rate", "scenarios[0].load: not allowed with conversation"},
           {head + kChat + "}\n    input_len: 10",
            "scenarios[0].input_len: not allowed with conversation"},
           {head + kChat +
                "}\n    shared_prefix: {groups: 1, requests_per_group: 2, "
                "prefix_len: 10, suffix_len: 10, output_len: 2}",
            "scenarios[0].shared_prefix: a scenario takes one source"},
       }) {
    const std::string err = error_of(yaml);
    EXPECT_NE(err.find(want), std::string::npos) << yaml << "\n -> " << err;
    EXPECT_NE(err.find("bad.yaml:"), std::string::npos) << err;
  }
}

}  // namespace
}  // namespace sonde
