#include "util/redact.hpp"

#include <gtest/gtest.h>

namespace sonde {
namespace {

TEST(Redact, ExtraSecretsAnyLengthEverywhere) {
  EXPECT_EQ(redact("key=abc; again abc", {"abc"}), "key=***; again ***");
  EXPECT_EQ(redact("nothing here", {""}), "nothing here");
}

TEST(Redact, RegisteredSecretIsReplacedInLaterTexts) {
  add_secret("sk-test-REGISTERED-42");
  EXPECT_EQ(redact(R"({"error":"bad key sk-test-REGISTERED-42"})"), R"({"error":"bad key ***"})");
  add_secret("abc");  // too short to replace globally: would corrupt ordinary words
  EXPECT_EQ(redact("abcdef"), "abcdef");
}

TEST(Redact, UrlPasswordAndTokenUserinfo) {
  EXPECT_EQ(redact("http://user:pa55@host:8000/v1"), "http://user:***@host:8000/v1");
  EXPECT_EQ(redact("see https://tok3n@example.com/x and http://h:1/"),
            "see https://***@example.com/x and http://h:1/");
  EXPECT_EQ(redact(R"({"base_url":"http://u:p@h"})"), R"({"base_url":"http://u:***@h"})");
  // An '@' in the path is not userinfo.
  EXPECT_EQ(redact("http://host/a@b"), "http://host/a@b");
}

TEST(Redact, ApiKeyArgumentsAndAssignments) {
  EXPECT_EQ(redact("vllm serve m --api-key sk-1 --port 8000"),
            "vllm serve m --api-key *** --port 8000");
  EXPECT_EQ(redact("--api-key=sk-1"), "--api-key=***");
  EXPECT_EQ(redact(R"(["--api-key", "sk-1"])"), R"(["--api-key", "***"])");
  EXPECT_EQ(redact(R"("--server-args": "--api-key \"sk-1\" --x")"),
            R"("--server-args": "--api-key \"***\" --x")");
  EXPECT_EQ(redact("non-default args: {'api_key': ['sk-1'], 'port': 1}"),
            "non-default args: {'api_key': ['***'], 'port': 1}");
  EXPECT_EQ(redact("OPENAI_API_KEY=sk-1 other"), "OPENAI_API_KEY=*** other");
  EXPECT_EQ(redact("Authorization: Bearer sk-1\r\n"), "Authorization: Bearer ***\r\n");
}

TEST(Redact, LeavesFlagNamesAndAdviceAlone) {
  const std::string advice =
      "requires an API key: set OPENAI_API_KEY or pass --api-key-env VAR or --api-key-file PATH";
  EXPECT_EQ(redact(advice), advice);
  EXPECT_EQ(redact(R"({"api_key_env":"OPENAI_API_KEY"})"), R"({"api_key_env":"OPENAI_API_KEY"})");
  EXPECT_EQ(redact("--api-key --port 1"), "--api-key --port 1");
}

TEST(Redact, ApiKeyArgsFindsEveryValue) {
  EXPECT_EQ(api_key_args("--api-key a1 --x 2 --api-key=\"b2\""),
            (std::vector<std::string>{"a1", "b2"}));
  EXPECT_TRUE(api_key_args("--api-key-env FOO --api-key").empty());
}

}  // namespace
}  // namespace sonde
