#include "client/chunk.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sonde {
namespace {

TEST(ChunkReader, ChatRoleOnlyChunkIsNotText) {
  ChunkReader r;
  const ChunkInfo& c = r.read(
      R"({"id":"chatcmpl-a1","object":"chat.completion.chunk","created":1786304610,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"prompt_token_ids":null})");
  EXPECT_FALSE(c.malformed);
  EXPECT_FALSE(c.has_text);
  EXPECT_EQ(c.id, "chatcmpl-a1");
  EXPECT_EQ(c.finish_reason, "");
  EXPECT_FALSE(c.completion_tokens.has_value());
}

TEST(ChunkReader, ChatContentChunkWithFinishReason) {
  ChunkReader r;
  const ChunkInfo& c = r.read(
      R"({"id":"chatcmpl-a1","choices":[{"index":0,"delta":{"content":"Hello world, how"},"logprobs":null,"finish_reason":"length","stop_reason":null,"token_ids":null}]})");
  EXPECT_TRUE(c.has_text);
  EXPECT_EQ(c.finish_reason, "length");
  EXPECT_FALSE(c.is_done);
  EXPECT_FALSE(c.has_error);
}

TEST(ChunkReader, UsageChunkWithEmptyChoices) {
  ChunkReader r;
  const ChunkInfo& c = r.read(
      R"({"id":"chatcmpl-a1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":17,"total_tokens":26,"completion_tokens":9}})");
  EXPECT_FALSE(c.has_text);
  ASSERT_TRUE(c.prompt_tokens.has_value());
  ASSERT_TRUE(c.completion_tokens.has_value());
  EXPECT_EQ(*c.prompt_tokens, 17);
  EXPECT_EQ(*c.completion_tokens, 9);
}

TEST(ChunkReader, CompletionsChunkWithNullUsage) {
  ChunkReader r;
  const ChunkInfo& c = r.read(
      R"({"id":"cmpl-7","object":"text_completion","created":1,"model":"m","choices":[{"index":0,"text":" the","logprobs":null,"finish_reason":null,"stop_reason":null}],"usage":null})");
  EXPECT_TRUE(c.has_text);
  EXPECT_EQ(c.id, "cmpl-7");
  EXPECT_FALSE(c.prompt_tokens.has_value());
  EXPECT_FALSE(c.completion_tokens.has_value());
}

TEST(ChunkReader, CompletionsEmptyTextOnEosIsNotText) {
  ChunkReader r;
  const ChunkInfo& c = r.read(
      R"({"id":"cmpl-7","choices":[{"index":0,"text":"","finish_reason":"stop"}],"usage":null})");
  EXPECT_FALSE(c.has_text);
  EXPECT_EQ(c.finish_reason, "stop");
}

TEST(ChunkReader, NullReasoningContentPlusContent) {
  ChunkReader r;
  EXPECT_TRUE(
      r.read(R"({"id":"x","choices":[{"delta":{"reasoning_content":null,"content":"hi"}}]})").has_text);
  EXPECT_FALSE(
      r.read(R"({"id":"x","choices":[{"delta":{"reasoning_content":null,"content":null}}]})").has_text);
}

TEST(ChunkReader, ReasoningTextCounts) {
  ChunkReader r;
  EXPECT_TRUE(r.read(R"({"choices":[{"delta":{"reasoning":"Let me think"}}]})").has_text);
  EXPECT_TRUE(r.read(R"({"choices":[{"delta":{"reasoning_content":"Hmm"}}]})").has_text);
}

TEST(ChunkReader, ReasoningAndAnswerAreTold) {
  ChunkReader r;
  const ChunkInfo& thinking =
      r.read(R"({"choices":[{"delta":{"reasoning_content":"Hmm","content":null}}]})");
  EXPECT_TRUE(thinking.has_reasoning);
  EXPECT_FALSE(thinking.has_answer);
  const ChunkInfo& newer = r.read(R"({"choices":[{"delta":{"reasoning":"So"}}]})");
  EXPECT_TRUE(newer.has_reasoning);
  EXPECT_FALSE(newer.has_answer);
  const ChunkInfo& answer =
      r.read(R"({"choices":[{"delta":{"content":"42","reasoning_content":null}}]})");
  EXPECT_TRUE(answer.has_answer);
  EXPECT_FALSE(answer.has_reasoning);
  EXPECT_TRUE(r.read(R"({"choices":[{"text":"42"}]})").has_answer);  // completions: all answer
  EXPECT_FALSE(r.read(R"({"choices":[{"delta":{"role":"assistant","content":""}}]})").has_answer);
}

TEST(ChunkReader, ReasoningTokensFromUsageDetails) {
  ChunkReader r;
  const ChunkInfo& c = r.read(
      R"({"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":80,"completion_tokens_details":{"reasoning_tokens":64}}})");
  EXPECT_EQ(c.completion_tokens.value_or(-1), 80);
  EXPECT_EQ(c.reasoning_tokens.value_or(-1), 64);
  EXPECT_FALSE(r.read(R"({"choices":[],"usage":{"completion_tokens":3}})").reasoning_tokens);
  EXPECT_FALSE(
      r.read(R"({"choices":[],"usage":{"completion_tokens":3,"completion_tokens_details":null}})")
          .reasoning_tokens);
}

// vLLM with --enable-prompt-tokens-details: usage.prompt_tokens_details.cached_tokens (newer
// builds send 0 too; older ones leave the object out when nothing was cached).
TEST(ChunkReader, CachedTokensFromPromptTokensDetails) {
  ChunkReader r;
  const ChunkInfo& c = r.read(
      R"({"choices":[],"usage":{"prompt_tokens":600,"total_tokens":610,"completion_tokens":10,"prompt_tokens_details":{"cached_tokens":512}}})");
  EXPECT_EQ(c.prompt_tokens.value_or(-1), 600);
  EXPECT_EQ(c.cached_tokens.value_or(-1), 512);
  EXPECT_EQ(
      r.read(R"({"choices":[],"usage":{"prompt_tokens":6,"prompt_tokens_details":{"cached_tokens":0}}})")
          .cached_tokens.value_or(-1),
      0);
  // Absent, null, or a details object without the figure: unknown, never 0.
  EXPECT_FALSE(
      r.read(R"({"choices":[],"usage":{"prompt_tokens":6,"completion_tokens":3}})").cached_tokens);
  EXPECT_FALSE(r.read(R"({"choices":[],"usage":{"prompt_tokens":6,"prompt_tokens_details":null}})")
                   .cached_tokens);
  EXPECT_FALSE(
      r.read(R"({"choices":[],"usage":{"prompt_tokens":6,"prompt_tokens_details":{"cached_tokens":null}}})")
          .cached_tokens);
  EXPECT_FALSE(r.read(R"({"choices":[],"usage":null})").cached_tokens);
  // The figure of one chunk does not leak into the next.
  r.read(R"({"choices":[],"usage":{"prompt_tokens_details":{"cached_tokens":7}}})");
  EXPECT_FALSE(r.read(R"({"choices":[{"delta":{"content":"x"}}]})").cached_tokens);
}

TEST(ChunkReader, ContinuousUsageOnEveryChunk) {
  ChunkReader r;
  const ChunkInfo& c = r.read(
      R"({"id":"x","choices":[{"delta":{"content":"a"}}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}})");
  EXPECT_TRUE(c.has_text);
  EXPECT_EQ(c.completion_tokens.value_or(-1), 2);
}

TEST(ChunkReader, UsageWithNullCounts) {
  ChunkReader r;
  const ChunkInfo& c =
      r.read(R"({"choices":[],"usage":{"prompt_tokens":null,"completion_tokens":3}})");
  EXPECT_FALSE(c.prompt_tokens.has_value());
  EXPECT_EQ(c.completion_tokens.value_or(-1), 3);
}

TEST(ChunkReader, InStreamErrorObject) {
  ChunkReader r;
  const ChunkInfo& c = r.read(
      R"({"error": {"message": "engine died", "type": "InternalServerError", "param": null, "code": 500}})");
  EXPECT_FALSE(c.malformed);
  EXPECT_TRUE(c.has_error);
  EXPECT_EQ(c.error_message, "engine died");
  EXPECT_EQ(c.error_type, "InternalServerError");
  EXPECT_EQ(c.error_code, "500");
}

TEST(ChunkReader, OldStyleTopLevelErrorObject) {
  ChunkReader r;
  const ChunkInfo& c = r.read(
      R"({"object":"error","message":"bad","type":"BadRequestError","param":null,"code":400})");
  EXPECT_TRUE(c.has_error);
  EXPECT_EQ(c.error_message, "bad");
  EXPECT_EQ(c.error_code, "400");
}

TEST(ChunkReader, MalformedPayloads) {
  ChunkReader r;
  for (const char* bad : {R"({"id":)", "not json", R"({"a":1} trailing)", "[1,2]", "42"}) {
    const ChunkInfo& c = r.read(bad);
    EXPECT_TRUE(c.malformed) << bad;
    EXPECT_FALSE(c.has_text) << bad;
  }
}

TEST(ChunkReader, DoneAndEmpty) {
  ChunkReader r;
  EXPECT_TRUE(r.read("[DONE]").is_done);
  EXPECT_TRUE(r.read(" [DONE] ").is_done);
  EXPECT_TRUE(r.read("").empty);
  EXPECT_FALSE(r.read("").malformed);
}

TEST(ChunkReader, UnknownFieldsAndOddTypesAreIgnored) {
  ChunkReader r;
  const ChunkInfo& c = r.read(
      R"({"id":5,"novel":{"deep":[1,{"x":null}]},"choices":[{"delta":{"content":7,"tool_calls":[]},"finish_reason":3},"junk"]})");
  EXPECT_FALSE(c.malformed);
  EXPECT_FALSE(c.has_text);
  EXPECT_EQ(c.id, "");
  EXPECT_EQ(c.finish_reason, "");
}

TEST(ChunkReader, StateDoesNotLeakBetweenReads) {
  ChunkReader r;
  r.read(
      R"({"id":"a","choices":[{"delta":{"content":"x"},"finish_reason":"stop"}],"usage":{"completion_tokens":1}})");
  const ChunkInfo& c = r.read(R"({"choices":[]})");
  EXPECT_FALSE(c.has_text);
  EXPECT_EQ(c.id, "");
  EXPECT_EQ(c.finish_reason, "");
  EXPECT_FALSE(c.completion_tokens.has_value());
}

TEST(ErrorMessageFromBody, Shapes) {
  EXPECT_EQ(
      error_message_from_body(
          R"({"error":{"message":"You passed 27905 input tokens","type":"BadRequestError","param":null,"code":400}})"),
      "You passed 27905 input tokens");
  EXPECT_EQ(error_message_from_body(R"({"object":"error","message":"old","code":404})"), "old");
  EXPECT_EQ(error_message_from_body(R"({"detail":"Not Found"})"), "Not Found");
  EXPECT_EQ(error_message_from_body("  plain text\n"), "plain text");
  EXPECT_EQ(error_message_from_body(std::string(5000, 'x')).size(), 2048u);
}

TEST(ErrorMessageFromBody, TrimKeepsUtf8Whole) {
  std::string korean;
  for (int i = 0; i < 1000; ++i) korean += "가";  // 3 bytes each
  const std::string m = error_message_from_body(korean);
  EXPECT_LE(m.size(), 2048u);
  EXPECT_EQ(m.size() % 3, 0u);
}

}  // namespace
}  // namespace sonde
