// Regression guard for the per-chunk hot path: after warm-up, parsing and timestamping a chunk
// allocates nothing. Deterministic (allocation counts, not time), so it cannot flake.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "alloc_hook.hpp"
#include "client/chunk.hpp"
#include "client/client.hpp"
#include "client/sse.hpp"
#include "client/transfer.hpp"
#include "script_server.hpp"

namespace sonde {
namespace {

const std::string kChunk =
    R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" tok"},"logprobs":null,"finish_reason":null}]})"
    "\n\n";

TEST(HotPathAllocations, TheHookCountsThisThreadsAllocations) {
  if (!SONDE_ALLOC_HOOK) GTEST_SKIP() << "allocation hooks are off under AddressSanitizer";
  std::string kept;
  test::CountAllocations allocs;
  kept.assign(1000, 'x');  // beyond the small-string buffer: one heap allocation
  void* p = std::malloc(64);
  asm volatile("" : : "g"(p) : "memory");  // keep the compiler from eliding malloc/free
  EXPECT_EQ(allocs.count(), 2);
  std::free(p);
  EXPECT_EQ(kept.size(), 1000u);
}

TEST(HotPathAllocations, SseParserAndChunkReaderAllocateNothingPerChunk) {
  if (!SONDE_ALLOC_HOOK) GTEST_SKIP() << "allocation hooks are off under AddressSanitizer";
  ChunkReader reader;
  int64_t text = 0;
  SseParser sse([&](std::string_view payload) { text += reader.read(payload).has_text ? 1 : 0; });
  const std::string two = kChunk + kChunk;
  for (int i = 0; i < 100; ++i) {  // warm-up: buffers reach their working size
    sse.feed(kChunk);
    sse.feed(std::string_view(two).substr(0, 50));  // an event split across reads
    sse.feed(std::string_view(two).substr(50));
  }
  test::CountAllocations allocs;
  for (int i = 0; i < 10000; ++i) {
    sse.feed(kChunk);
    sse.feed(std::string_view(two).substr(0, 50));
    sse.feed(std::string_view(two).substr(50));
  }
  EXPECT_EQ(allocs.count(), 0);
  EXPECT_EQ(text, 300 + 30000);
}

TEST(HotPathAllocations, TransferWritePathAllocatesNothingPerChunk) {
  if (!SONDE_ALLOC_HOOK) GTEST_SKIP() << "allocation hooks are off under AddressSanitizer";
  ClientConfig config;
  ChunkReader reader;
  Transfer t(config, reader, Clock::now());
  PreparedRequest req;
  req.x_request_id = "r";
  req.output_tokens_target = 20000;  // ITL storage is reserved from this
  t.prepare(req, std::nullopt);
  t.start(Clock::now());
  t.assume_status(200);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(t.on_bytes(kChunk, Clock::now()));
  test::CountAllocations allocs;
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(t.on_bytes(kChunk, Clock::now()));
  EXPECT_EQ(allocs.count(), 0);
  const RequestRecord rec = t.abort(ErrorKind::cancelled, "end of test", Clock::now());
  EXPECT_EQ(rec.itl_ms.size(), 10099u);
}

// A reasoning model's stream: reasoning chunks, answer chunks and (continuous) usage with
// completion_tokens_details and prompt_tokens_details, all through the transfer's per-chunk path.
TEST(HotPathAllocations, ReasoningStreamAllocatesNothingPerChunk) {
  if (!SONDE_ALLOC_HOOK) GTEST_SKIP() << "allocation hooks are off under AddressSanitizer";
  const std::string thinking =
      R"(data: {"id":"chatcmpl-1","choices":[{"index":0,"delta":{"reasoning_content":" hmm","content":null},"finish_reason":null}],"usage":{"prompt_tokens":3,"completion_tokens":9,"prompt_tokens_details":{"cached_tokens":2},"completion_tokens_details":{"reasoning_tokens":9}}})"
      "\n\n";
  ClientConfig config;
  ChunkReader reader;
  Transfer t(config, reader, Clock::now());
  PreparedRequest req;
  req.x_request_id = "r";
  req.output_tokens_target = 30000;
  t.prepare(req, std::nullopt);
  t.start(Clock::now());
  t.assume_status(200);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(t.on_bytes(thinking, Clock::now()));
  test::CountAllocations allocs;
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(t.on_bytes(thinking, Clock::now()));
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(t.on_bytes(kChunk, Clock::now()));
  EXPECT_EQ(allocs.count(), 0);
  const RequestRecord rec = t.abort(ErrorKind::cancelled, "end of test", Clock::now());
  EXPECT_EQ(rec.reasoning_tokens.value_or(-1), 9);  // usage's figure, not the 10100 chunks
  EXPECT_EQ(rec.cached_tokens.value_or(-1), 2);     // continuous usage's prompt_tokens_details
  EXPECT_TRUE(rec.ttfo_ms);
}

class RunPlanAllocations : public ::testing::TestWithParam<ClientTransport> {};
INSTANTIATE_TEST_SUITE_P(Transports, RunPlanAllocations,
                         ::testing::Values(ClientTransport::native, ClientTransport::curl),
                         [](const auto& info) {
                           return info.param == ClientTransport::native ? "native" : "curl";
                         });

// The whole client loop (epoll, the transport, SSE, JSON, timestamps) over a real loopback
// stream: counts allocations on the client thread between the 1000th and the 4000th chunk.
// With `keep_reply` the reply's text is kept as well (a conversation's turn), into a buffer
// reserved when the request starts.
int64_t allocations_in_stream(ClientTransport transport, bool keep_reply, std::string* reply) {
  std::string body;
  for (int i = 0; i < 5000; ++i) body += kChunk;
  body += "data: [DONE]\n\n";
  test::ScriptServer server([&](const test::SeenRequest&) {
    test::Script s;
    for (size_t at = 0; at < body.size(); at += kChunk.size() * 50) {
      s.body.push_back({std::chrono::milliseconds(0), body.substr(at, kChunk.size() * 50)});
    }
    return s;
  });
  ClientConfig config;
  config.base_url = server.base_url();
  config.endpoint = "/v1/chat/completions";
  config.threads = 1;  // the loop runs on this thread, where counting is enabled
  config.transport = transport;
  std::optional<test::CountAllocations> allocs;
  int64_t counted = -1;
  int chunks = 0;
  config.on_chunk = [&](const PreparedRequest&, std::string_view, Clock::time_point) {
    ++chunks;
    if (chunks == 1000) allocs.emplace();
    if (chunks == 4000) {
      counted = allocs->count();
      allocs.reset();
    }
  };
  PreparedRequest req;
  req.x_request_id = "r";
  req.body = "{}";
  req.output_tokens_target = 5000;
  req.keep_reply = keep_reply;
  DispatchPlan plan{.requests = {req}};
  if (keep_reply) {
    plan.follow_up = [reply](const PreparedRequest&, const RequestRecord&, std::string_view text,
                             double) {
      *reply = std::string(text);
      return std::optional<PreparedRequest>();
    };
  }
  bool ok = false;
  run_plan(config, plan, Clock::now(), [&](RequestRecord&& r) { ok = r.ok; });
  EXPECT_TRUE(ok);
  EXPECT_EQ(chunks, 5001);
  return counted;
}

TEST_P(RunPlanAllocations, NothingPerChunkOnAStream) {
  if (!SONDE_ALLOC_HOOK) GTEST_SKIP() << "allocation hooks are off under AddressSanitizer";
  // Per chunk: zero. (A handful over 3000 chunks would mean curl allocates per read, which
  // the client cannot avoid; that is not what this guards.)
  EXPECT_EQ(allocations_in_stream(GetParam(), false, nullptr), 0);
}

TEST_P(RunPlanAllocations, NothingPerChunkWhenTheReplyIsKept) {
  if (!SONDE_ALLOC_HOOK) GTEST_SKIP() << "allocation hooks are off under AddressSanitizer";
  std::string reply;
  EXPECT_EQ(allocations_in_stream(GetParam(), true, &reply), 0);
  EXPECT_EQ(reply.size(), 5000u * 4);  // " tok" per chunk, all of it
}

}  // namespace
}  // namespace sonde
