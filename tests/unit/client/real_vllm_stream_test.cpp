// Real vLLM streams and an error body (see tests/support/real_vllm.hpp) read by the SSE
// framing and chunk reader that the client's transfers use. Every expected value was read by
// eye from the capture named in the test.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "client/chunk.hpp"
#include "client/sse.hpp"
#include "support/real_vllm.hpp"

namespace sonde {
namespace {

using RealVllmStream = test::RealVllm;

// What a transfer takes from a stream (client/transfer.cpp: on_event), one event at a time.
struct StreamFacts {
  long events = 0;                           // SSE events delivered
  int text_chunks = 0;                       // chunks carrying generated text (ITL gaps + 1)
  std::vector<bool> text;                    // has_text of each JSON chunk, in order
  std::string id;                            // first response id
  std::string finish_reason;                 // last non-empty finish_reason
  std::optional<int64_t> prompt_tokens;      // usage.prompt_tokens
  std::optional<int64_t> completion_tokens;  // usage.completion_tokens
  int malformed = 0;                         // chunks that were not JSON objects
  int errors = 0;                            // chunks carrying an error object
  bool saw_done = false;                     // data: [DONE] arrived
};

// `split`: bytes per feed() call (0 = the whole capture at once).
StreamFacts read_stream(const std::string& bytes, std::size_t split = 0) {
  ChunkReader reader;
  StreamFacts f;
  SseParser sse([&](std::string_view payload) {
    const ChunkInfo& c = reader.read(payload);
    if (c.empty || c.is_done) return;
    if (c.malformed) ++f.malformed;
    if (c.has_error) ++f.errors;
    if (f.id.empty()) f.id = std::string(c.id);
    f.text.push_back(c.has_text);
    if (c.has_text) ++f.text_chunks;
    if (!c.finish_reason.empty()) f.finish_reason = std::string(c.finish_reason);
    if (c.prompt_tokens) f.prompt_tokens = c.prompt_tokens;
    if (c.completion_tokens) f.completion_tokens = c.completion_tokens;
  });
  const std::size_t step = split == 0 ? bytes.size() : split;
  for (std::size_t i = 0; i < bytes.size(); i += step) {
    sse.feed(std::string_view(bytes).substr(i, step));
  }
  sse.finish();
  f.events = sse.events();
  f.saw_done = sse.saw_done();
  return f;
}

// DeepSeek-V3.1 via NEAR AI's vllm-proxy: a role chunk (content ""), the contents "Okay", ".",
// " Sure", ".", a last chunk with content "" and finish_reason "stop", then [DONE]; no usage.
TEST_F(RealVllmStream, Sse1ContentChunksNoUsage) {
  const std::string bytes = capture("sse-1.txt");
  for (std::size_t split : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
    SCOPED_TRACE(split);
    const StreamFacts f = read_stream(bytes, split);
    EXPECT_EQ(f.events, 7);
    EXPECT_TRUE(f.saw_done);
    EXPECT_EQ(f.malformed, 0);
    EXPECT_EQ(f.errors, 0);
    EXPECT_EQ(f.id, "chatcmpl-f42e8ae7ddb346e1adfba47e3d710b46");
    EXPECT_EQ(f.text, (std::vector<bool>{false, true, true, true, true, false}));
    EXPECT_EQ(f.text_chunks, 4);  // sonde's output count when the server sends no usage
    EXPECT_EQ(f.finish_reason, "stop");
    EXPECT_FALSE(f.prompt_tokens);
    EXPECT_FALSE(f.completion_tokens);
  }
}

// The same proxy with "reasoning_content": null in every delta: contents "", "Okay", ".", ""
// (finish_reason "stop"), then a usage chunk with "choices": [] and prompt_tokens 13,
// completion_tokens 3, total_tokens 16, then [DONE].
TEST_F(RealVllmStream, Sse2NullReasoningAndUsageChunk) {
  const std::string bytes = capture("sse-2.txt");
  for (std::size_t split : {std::size_t{0}, std::size_t{1}, std::size_t{13}}) {
    SCOPED_TRACE(split);
    const StreamFacts f = read_stream(bytes, split);
    EXPECT_EQ(f.events, 6);
    EXPECT_TRUE(f.saw_done);
    EXPECT_EQ(f.malformed, 0);
    EXPECT_EQ(f.id, "chatcmpl-ba1b4314210adc3b");
    // A null reasoning_content is no text: only "Okay" and "." are tokens on the wire.
    EXPECT_EQ(f.text, (std::vector<bool>{false, true, true, false, false}));
    EXPECT_EQ(f.text_chunks, 2);
    EXPECT_EQ(f.finish_reason, "stop");
    EXPECT_EQ(f.prompt_tokens, 13);
    EXPECT_EQ(f.completion_tokens, 3);  // what sonde records as output tokens
  }
}

// The older flat error shape: {"object":"error","message":"Model \"BAAI/bge-m3\" does not
// support matryoshka representation, ...","type":"BadRequestError","param":null,"code":400}.
TEST_F(RealVllmStream, Error3FlatErrorBody) {
  const std::string body = capture("error-3.json");
  const std::string message =
      "Model \"BAAI/bge-m3\" does not support matryoshka representation, changing output "
      "dimensions will lead to poor results.";
  // A non-2xx response: the message a request's error carries.
  EXPECT_EQ(error_message_from_body(body), message);
  // The same object inside a stream is recognised as an error chunk.
  ChunkReader reader;
  const ChunkInfo& c = reader.read(body);
  EXPECT_FALSE(c.malformed);
  EXPECT_TRUE(c.has_error);
  EXPECT_EQ(c.error_message, message);
  EXPECT_EQ(c.error_type, "BadRequestError");
  EXPECT_EQ(c.error_code, "400");
  EXPECT_FALSE(c.has_text);
}

}  // namespace
}  // namespace sonde
