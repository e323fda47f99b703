// run_plan against the scripted loopback server: timing derives from chunk arrival, every error
// kind, dispatch semantics, headers and stop. Bounds are lower bounds and structure only.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

#include "client/client.hpp"
#include "script_server.hpp"

namespace sonde {
namespace {

using namespace std::chrono_literals;
using test::Script;
using test::ScriptServer;
using test::SeenRequest;
using test::sse;
using test::Step;

const std::string kRole = sse(
    R"({"id":"chatcmpl-r1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]})");
std::string token(const std::string& text, const std::string& finish = "null") {
  return sse(R"({"id":"chatcmpl-r1","choices":[{"index":0,"delta":{"content":")" + text +
             R"("},"finish_reason":)" + finish + "}]}");
}
std::string usage(int prompt, int completion) {
  return sse(R"({"id":"chatcmpl-r1","choices":[],"usage":{"prompt_tokens":)" + std::to_string(prompt) +
             R"(,"completion_tokens":)" + std::to_string(completion) + "}}");
}
const std::string kDone = sse("[DONE]");

// A normal quick chat stream: role+first token, two more tokens, usage, [DONE].
Script quick_stream(std::chrono::milliseconds first = 0ms) {
  return Script{.body = {{first, kRole + token("a")},
                         {0ms, token("b")},
                         {0ms, token("c", "\"length\"")},
                         {0ms, usage(10, 3) + kDone}}};
}

// Every case runs over both transports (the suites' parameter): they must time, classify and
// dispatch alike. config_for picks up the running case's transport.
ClientTransport g_transport = ClientTransport::native;

ClientConfig config_for(const ScriptServer& server) {
  ClientConfig c;
  c.transport = g_transport;
  c.base_url = server.base_url();
  c.endpoint = "/v1/chat/completions";
  c.timeouts = Timeouts{.connect_s = 5, .first_token_s = 10, .idle_s = 10, .total_s = 20};
  return c;
}

PreparedRequest request(int index, int round = 0, std::optional<double> offset = std::nullopt) {
  PreparedRequest r;
  r.scenario = "s";
  r.index = index;
  r.x_request_id = "req-" + std::to_string(index);
  r.body = R"({"model":"m","stream":true})";
  r.input_tokens_target = 10;
  r.output_tokens_target = 3;
  r.round = round;
  r.intended_offset_s = offset;
  return r;
}

std::vector<RequestRecord> run(const ClientConfig& config, const DispatchPlan& plan,
                               const std::atomic<bool>* stop = nullptr,
                               std::function<void(const RequestRecord&)> on_record = {}) {
  std::vector<RequestRecord> records;
  run_plan(
      config, plan, Clock::now(),
      [&](RequestRecord&& r) {
        if (on_record) on_record(r);
        records.push_back(std::move(r));
      },
      stop);
  std::sort(records.begin(), records.end(),
            [](const auto& a, const auto& b) { return a.index < b.index; });
  return records;
}

RequestRecord run_one(ScriptServer& /*server: must outlive the run*/, const ClientConfig& config) {
  const auto records = run(config, DispatchPlan{.requests = {request(0)}});
  EXPECT_EQ(records.size(), 1u);
  return records.empty() ? RequestRecord{} : records[0];
}

std::string error_kind(const RequestRecord& r) { return r.error ? r.error->kind_name() : "ok"; }

class RunPlan : public ::testing::TestWithParam<ClientTransport> {
 protected:
  void SetUp() override { g_transport = GetParam(); }
};
INSTANTIATE_TEST_SUITE_P(Transports, RunPlan,
                         ::testing::Values(ClientTransport::native, ClientTransport::curl),
                         [](const auto& info) {
                           return info.param == ClientTransport::native ? "native" : "curl";
                         });

TEST_P(RunPlan, TimingDerivesFromTextChunkArrivals) {
  // The role chunk comes at once; the first token only 50 ms later, then two more 30 ms apart.
  ScriptServer server([](const SeenRequest&) {
    return Script{.body = {{0ms, kRole},
                           {50ms, token("Hello")},
                           {30ms, token(" wor")},
                           {30ms, token("ld", "\"length\"")},
                           {0ms, usage(17, 9)},
                           {0ms, kDone}}};
  });
  const RequestRecord r = run_one(server, config_for(server));
  ASSERT_TRUE(r.ok) << error_kind(r);
  ASSERT_TRUE(r.ttft_ms && r.decode_ms && r.e2el_ms && r.tpot_ms);
  EXPECT_GE(*r.ttft_ms, 50.0);  // the role chunk at 0 ms was not taken as the first token
  EXPECT_LT(*r.ttft_ms, 50.0 + 5000.0);
  ASSERT_EQ(r.itl_ms.size(), 2u);  // 3 text chunks -> 2 gaps
  double sum = 0;
  for (double gap : r.itl_ms) {
    EXPECT_GE(gap, 0.0);
    sum += gap;
  }
  EXPECT_NEAR(*r.decode_ms, sum, 1e-6);
  EXPECT_GE(*r.ttft_ms + *r.decode_ms, 110.0);  // the last token was sent 110 ms in
  EXPECT_GE(*r.e2el_ms, *r.ttft_ms + *r.decode_ms);
  EXPECT_EQ(r.output_tokens, 9);  // usage wins over the 3 chunks
  EXPECT_FALSE(r.output_tokens_estimated);
  EXPECT_EQ(r.input_tokens, 17);
  EXPECT_NEAR(*r.tpot_ms, *r.decode_ms / 8.0, 1e-9);
  EXPECT_EQ(r.finish_reason, "length");
  EXPECT_EQ(r.response_id, "chatcmpl-r1");
  EXPECT_EQ(r.x_request_id, "req-0");
  EXPECT_EQ(r.output_tokens_target, 3);
  EXPECT_NEAR(r.end_ms - r.start_ms, *r.e2el_ms, 1e-6);
  // Released at intended_start; start is stamped when the connection is up and the request
  // goes out, so connection set-up is client queueing, not server latency.
  EXPECT_LE(r.intended_start_ms, r.start_ms);
}

TEST_P(RunPlan, WithoutUsageTextChunksAreCountedAndFlagged) {
  ScriptServer server([](const SeenRequest&) {
    return Script{.body = {{0ms, kRole + token("a") + token("b")}, {5ms, token("c") + kDone}}};
  });
  const RequestRecord r = run_one(server, config_for(server));
  ASSERT_TRUE(r.ok) << error_kind(r);
  EXPECT_EQ(r.output_tokens, 3);
  EXPECT_TRUE(r.output_tokens_estimated);
  EXPECT_EQ(r.input_tokens, 0);
  ASSERT_EQ(r.itl_ms.size(), 2u);
  EXPECT_EQ(r.itl_ms[0], 0.0);  // same read -> same timestamp
}

std::string thought(const std::string& text) {
  return sse(R"({"id":"chatcmpl-r1","choices":[{"index":0,"delta":{"reasoning_content":")" + text +
             R"("},"finish_reason":null}]})");
}

TEST_P(RunPlan, ReasoningStreamRecordsTimeToFirstAnswer) {
  // Two reasoning chunks, then the answer 60 ms after the first of them; usage counts 2 of 4.
  ScriptServer server([](const SeenRequest&) {
    return Script{
        .body = {
            {0ms, kRole},
            {20ms, thought("Let")},
            {30ms, thought(" me")},
            {30ms, token("Yes")},
            {0ms, token("!", "\"stop\"")},
            {0ms,
             sse(R"({"id":"chatcmpl-r1","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,"completion_tokens_details":{"reasoning_tokens":2}}})") +
                 kDone}}};
  });
  const RequestRecord r = run_one(server, config_for(server));
  ASSERT_TRUE(r.ok) << error_kind(r);
  ASSERT_TRUE(r.ttft_ms && r.ttfo_ms);
  EXPECT_GE(*r.ttft_ms, 20.0);  // the first reasoning chunk is the first token
  // The answer was sent 60 ms after the first reasoning chunk; arrival times jitter by a few ms.
  EXPECT_GE(*r.ttfo_ms - *r.ttft_ms, 45.0);
  EXPECT_EQ(r.itl_ms.size(), 3u);  // reasoning and answer chunks alike
  EXPECT_EQ(r.reasoning_tokens.value_or(-1), 2);
  EXPECT_FALSE(r.reasoning_tokens_estimated);
  EXPECT_EQ(r.output_tokens, 4);
}

TEST_P(RunPlan, CachedTokensFromTheFinalUsageChunk) {
  ScriptServer server([](const SeenRequest&) {
    return Script{
        .body = {
            {0ms, kRole + token("Hi", "\"length\"")},
            {0ms,
             sse(R"({"id":"chatcmpl-c1","choices":[],"usage":{"prompt_tokens":40,"total_tokens":41,"completion_tokens":1,"prompt_tokens_details":{"cached_tokens":32}}})") +
                 kDone}}};
  });
  const RequestRecord r = run_one(server, config_for(server));
  ASSERT_TRUE(r.ok) << error_kind(r);
  EXPECT_EQ(r.input_tokens, 40);
  EXPECT_EQ(r.cached_tokens.value_or(-1), 32);
}

TEST_P(RunPlan, NoPromptTokensDetailsLeavesCachedTokensUnknown) {
  ScriptServer server([](const SeenRequest&) { return quick_stream(); });
  const RequestRecord r = run_one(server, config_for(server));
  ASSERT_TRUE(r.ok) << error_kind(r);
  EXPECT_FALSE(r.cached_tokens);
}

TEST_P(RunPlan, ReasoningWithoutUsageIsCountedFromChunksAndFlagged) {
  ScriptServer server([](const SeenRequest&) {
    return Script{.body = {{0ms, kRole + thought("a") + thought("b") + thought("c")},
                           {0ms, token("d") + kDone}}};
  });
  const RequestRecord r = run_one(server, config_for(server));
  ASSERT_TRUE(r.ok) << error_kind(r);
  EXPECT_EQ(r.reasoning_tokens.value_or(-1), 3);
  EXPECT_TRUE(r.reasoning_tokens_estimated);
  EXPECT_TRUE(r.ttfo_ms);
}

TEST_P(RunPlan, NoReasoningLeavesTheReasoningFieldsUnset) {
  ScriptServer server([](const SeenRequest&) { return quick_stream(); });
  const RequestRecord r = run_one(server, config_for(server));
  ASSERT_TRUE(r.ok) << error_kind(r);
  EXPECT_FALSE(r.ttfo_ms);
  EXPECT_FALSE(r.reasoning_tokens);
}

TEST_P(RunPlan, CompletionsStreamWithNullUsageOnEachChunk) {
  ScriptServer server([](const SeenRequest&) {
    const auto chunk = [](const std::string& text, const std::string& usage_json) {
      return sse(R"({"id":"cmpl-9","object":"text_completion","choices":[{"index":0,"text":")" +
                 text + R"(","finish_reason":null}],"usage":)" + usage_json + "}");
    };
    return Script{
        .body = {
            {0ms, chunk(" one", "null")},
            {2ms, chunk(" two", "null")},
            {0ms,
             sse(R"({"id":"cmpl-9","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":2}})") +
                 kDone}}};
  });
  ClientConfig config = config_for(server);
  config.endpoint = "/v1/completions";
  const RequestRecord r = run_one(server, config);
  ASSERT_TRUE(r.ok) << error_kind(r);
  EXPECT_EQ(r.response_id, "cmpl-9");
  EXPECT_EQ(r.output_tokens, 2);
  EXPECT_EQ(r.itl_ms.size(), 1u);
  EXPECT_NE(server.requests().at(0).head.find("POST /v1/completions HTTP/1.1"), std::string::npos);
}

TEST_P(RunPlan, HeadersAndBodySent) {
  ScriptServer server([](const SeenRequest&) { return quick_stream(); });
  ClientConfig config = config_for(server);
  config.api_key = "sekrit-key";
  PreparedRequest big = request(0);
  big.body = R"({"model":"m","stream":true,"prompt":")" + std::string(4000, 'x') + "\"}";
  run(config, DispatchPlan{.requests = {big}});
  config.api_key.reset();
  run(config, DispatchPlan{.requests = {request(1)}});
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  const std::string& h = seen[0].head;
  EXPECT_NE(h.find("POST /v1/chat/completions HTTP/1.1"), std::string::npos);
  EXPECT_NE(h.find("x-request-id: req-0"), std::string::npos);
  EXPECT_NE(h.find("Authorization: Bearer sekrit-key"), std::string::npos);
  EXPECT_NE(h.find("Content-Type: application/json"), std::string::npos);
  EXPECT_NE(h.find("Accept: text/event-stream"), std::string::npos);
  EXPECT_EQ(h.find("Expect:"), std::string::npos);  // no 100-continue round trip on big bodies
  EXPECT_EQ(seen[0].body, big.body);
  EXPECT_EQ(seen[1].head.find("Authorization"), std::string::npos);
  EXPECT_NE(seen[1].head.find("x-request-id: req-1"), std::string::npos);
}

TEST_P(RunPlan, KeepAliveReusesTheConnection) {
  ScriptServer server([](const SeenRequest&) {
    Script s = quick_stream();
    s.keep_alive = true;
    return s;
  });
  DispatchPlan plan{.requests = {request(0), request(1), request(2)}, .max_in_flight = 1};
  const auto records = run(config_for(server), plan);
  ASSERT_EQ(records.size(), 3u);
  for (const auto& r : records) EXPECT_TRUE(r.ok) << error_kind(r);
  for (const auto& s : server.requests()) EXPECT_EQ(s.connection, 0);
}

TEST_P(RunPlan, Http400KeepsServerMessage) {
  ScriptServer server([](const SeenRequest&) {
    return Script{
        .status = 400,
        .content_type = "application/json",
        .body = {
            {0ms,
             R"({"error":{"message":"You passed 27905 input tokens and requested 4096 output tokens.","type":"BadRequestError","param":null,"code":400}})"}}};
  });
  const RequestRecord r = run_one(server, config_for(server));
  EXPECT_FALSE(r.ok);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, ErrorKind::http);
  EXPECT_EQ(r.error->kind_name(), "http_400");
  EXPECT_EQ(r.error->http_status, 400);
  EXPECT_EQ(r.error->message, "You passed 27905 input tokens and requested 4096 output tokens.");
  EXPECT_FALSE(r.e2el_ms);
  EXPECT_FALSE(r.ttft_ms);
}

TEST_P(RunPlan, InStreamErrorObject) {
  ScriptServer server([](const SeenRequest&) {
    return Script{
        .body = {
            {0ms, kRole + token("a")},
            {0ms,
             sse(R"({"error":{"message":"engine died","type":"InternalServerError","param":null,"code":500}})")},
            {0ms, kDone}}};
  });
  const RequestRecord r = run_one(server, config_for(server));
  EXPECT_EQ(error_kind(r), "stream_error");
  EXPECT_EQ(r.error->message, "engine died");
  EXPECT_EQ(r.error->http_status, 200);
}

TEST_P(RunPlan, StreamWithoutDoneIsTruncated) {
  for (const bool terminate : {true, false}) {  // clean end of body, or connection cut
    ScriptServer server([terminate](const SeenRequest&) {
      return Script{.body = {{0ms, kRole + token("a")}, {0ms, token("b")}}, .terminate = terminate};
    });
    const RequestRecord r = run_one(server, config_for(server));
    EXPECT_EQ(error_kind(r), "stream_truncated") << terminate;
    EXPECT_EQ(r.itl_ms.size(), 1u);
  }
}

TEST_P(RunPlan, DoneWithoutTrailingBlankLineStillCompletes) {
  ScriptServer server([](const SeenRequest&) {
    return Script{.body = {{0ms, kRole + token("a") + "data: [DONE]"}}};
  });
  const RequestRecord r = run_one(server, config_for(server));
  EXPECT_TRUE(r.ok) << error_kind(r);
}

TEST_P(RunPlan, MalformedChunk) {
  ScriptServer server([](const SeenRequest&) {
    return Script{
        .body = {{0ms, kRole + token("a") + "data: {\"id\":\n\n"}, {0ms, token("b") + kDone}}};
  });
  const RequestRecord r = run_one(server, config_for(server));
  EXPECT_EQ(error_kind(r), "malformed_chunk");
  EXPECT_NE(r.error->message.find("{\"id\":"), std::string::npos);
}

TEST_P(RunPlan, ConnectionRefused) {
  ClientConfig config;
  config.base_url = "http://127.0.0.1:" + std::to_string(test::closed_port());
  config.endpoint = "/v1/chat/completions";
  config.timeouts.connect_s = 5;
  const auto records = run(config, DispatchPlan{.requests = {request(0), request(1)}});
  ASSERT_EQ(records.size(), 2u);
  for (const auto& r : records) {
    EXPECT_EQ(error_kind(r), "connect");
    EXPECT_EQ(r.error->http_status, 0);
  }
}

// A host with several addresses: a refused one is skipped for the next, as curl does (a
// "localhost" giving ::1 first to an IPv4-only server must still work).
TEST_P(RunPlan, ARefusedAddressFallsBackToTheNext) {
  ScriptServer server([](const SeenRequest&) { return quick_stream(); });  // on 127.0.0.1 only
  ClientConfig config = config_for(server);
  const std::string port = std::to_string(server.port());
  config.base_url = "http://sonde.test:" + port;
  config.resolve = {"sonde.test:" + port + ":127.0.0.2,127.0.0.1"};
  const auto records =
      run(config, DispatchPlan{.requests = {request(0), request(1)}, .max_in_flight = 1});
  ASSERT_EQ(records.size(), 2u);
  for (const auto& r : records)
    EXPECT_TRUE(r.ok) << error_kind(r) << ": " << (r.error ? r.error->message : "");
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_NE(seen[0].head.find("Host: sonde.test:" + port), std::string::npos) << seen[0].head;
}

TEST_P(RunPlan, FirstTokenTimeout) {
  // Headers and the role chunk come at once; the first token never does.
  ScriptServer server([](const SeenRequest&) {
    return Script{.body = {{0ms, kRole}, {60s, token("late") + kDone}}};
  });
  ClientConfig config = config_for(server);
  config.timeouts.first_token_s = 0.2;
  config.timeouts.idle_s = 0.05;  // idle must not apply before the first token
  const RequestRecord r = run_one(server, config);
  EXPECT_EQ(error_kind(r), "timeout_first_token");
  EXPECT_GE(r.end_ms - r.start_ms, 200.0);
  EXPECT_FALSE(r.ttft_ms);
}

TEST_P(RunPlan, IdleTimeout) {
  ScriptServer server([](const SeenRequest&) {
    return Script{.body = {{0ms, kRole + token("a")}, {60s, token("late") + kDone}}};
  });
  ClientConfig config = config_for(server);
  config.timeouts.idle_s = 0.15;
  const RequestRecord r = run_one(server, config);
  EXPECT_EQ(error_kind(r), "timeout_idle");
  EXPECT_GE(r.end_ms - r.start_ms, 150.0);
  EXPECT_TRUE(r.ttft_ms);
}

TEST_P(RunPlan, TotalTimeout) {
  ScriptServer server([](const SeenRequest&) {
    Script s{.body = {{0ms, kRole + token("a")}}};
    for (int i = 0; i < 400; ++i) s.body.push_back(Step{20ms, token("x")});
    return s;
  });
  ClientConfig config = config_for(server);
  config.timeouts.total_s = 0.3;
  const RequestRecord r = run_one(server, config);
  EXPECT_EQ(error_kind(r), "timeout_total");
  EXPECT_GE(r.end_ms - r.start_ms, 300.0);
}

TEST_P(RunPlan, ConnectTimeout) {
  // A listener whose accept queue is full and never drained: the kernel drops further SYNs,
  // so connecting hangs until CURLOPT_CONNECTTIMEOUT_MS.
  test::FullBacklog backlog;
  const int port = backlog.port();
  if (port == 0) GTEST_SKIP() << "could not fill a listen backlog here";
  ClientConfig config;
  config.base_url = "http://127.0.0.1:" + std::to_string(port);
  config.endpoint = "/v1/chat/completions";
  config.timeouts.connect_s = 0.2;
  const auto records = run(config, DispatchPlan{.requests = {request(0)}});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(error_kind(records[0]), "timeout_connect");
}

TEST_P(RunPlan, BurstRoundsWaitForThePreviousRound) {
  // Request delays differ so that rounds would overlap if round 1 did not wait.
  ScriptServer server([](const SeenRequest& req) {
    const bool slow = req.head.find("x-request-id: req-0") != std::string::npos;
    return quick_stream(slow ? 80ms : 5ms);
  });
  DispatchPlan plan;
  for (int i = 0; i < 6; ++i) plan.requests.push_back(request(i, i / 3));
  const auto records = run(config_for(server), plan);
  ASSERT_EQ(records.size(), 6u);
  double round0_end = 0;
  double round1_start = 1e300;
  for (const auto& r : records) {
    ASSERT_TRUE(r.ok) << error_kind(r);
    if (r.index < 3) round0_end = std::max(round0_end, r.end_ms);
    if (r.index >= 3) round1_start = std::min(round1_start, r.start_ms);
  }
  EXPECT_GE(round1_start, round0_end);
  // Within a round all requests went out together: the fast ones ended before the slow one.
  EXPECT_LT(records[1].end_ms, records[0].end_ms);
  EXPECT_LT(records[2].start_ms, records[0].end_ms);
}

TEST_P(RunPlan, MaxInFlightIsRespected) {
  ScriptServer server([](const SeenRequest&) { return quick_stream(40ms); });
  DispatchPlan plan{.requests = {}, .max_in_flight = 2};
  for (int i = 0; i < 6; ++i) plan.requests.push_back(request(i));
  const auto records = run(config_for(server), plan);
  ASSERT_EQ(records.size(), 6u);
  EXPECT_LE(server.max_concurrent(), 2);
  EXPECT_EQ(server.max_concurrent(), 2);  // and the limit was actually used
  for (const auto& a : records) {
    ASSERT_TRUE(a.ok) << error_kind(a);
    int overlapping = 0;
    for (const auto& b : records) overlapping += b.start_ms <= a.start_ms && a.start_ms < b.end_ms;
    EXPECT_LE(overlapping, 2);
  }
}

TEST_P(RunPlan, IntendedOffsetsAreRespectedAndRecorded) {
  ScriptServer server([](const SeenRequest&) { return quick_stream(); });
  DispatchPlan plan;
  const std::vector<double> offsets = {0.0, 0.05, 0.12};
  for (int i = 0; i < 3; ++i) plan.requests.push_back(request(i, 0, offsets[i]));
  const auto records = run(config_for(server), plan);
  ASSERT_EQ(records.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(records[i].ok) << error_kind(records[i]);
    EXPECT_NEAR(records[i].intended_start_ms, offsets[i] * 1000, 1e-3);
    EXPECT_GE(records[i].start_ms, records[i].intended_start_ms);
  }
}

TEST_P(RunPlan, LateRequestKeepsItsIntendedStart) {
  // max_in_flight 1 with a slow first response: the second request is held back by the client
  // and must record when it should have gone (coordinated omission).
  ScriptServer server([](const SeenRequest&) { return quick_stream(80ms); });
  DispatchPlan plan{.requests = {request(0, 0, 0.0), request(1, 0, 0.01)}, .max_in_flight = 1};
  const auto records = run(config_for(server), plan);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_NEAR(records[1].intended_start_ms, 10.0, 1e-3);
  EXPECT_GE(records[1].start_ms, 80.0);
  EXPECT_GE(records[1].start_ms, records[0].end_ms);
}

TEST_P(RunPlan, TimeScaleMultipliesEveryInstantAndDuration) {
  ScriptServer server([](const SeenRequest&) {
    return Script{.body = {{50ms, kRole + token("a")}, {20ms, token("b") + usage(3, 2) + kDone}}};
  });
  ClientConfig config = config_for(server);
  config.time_scale = 4;
  DispatchPlan plan{.requests = {request(0, 0, 0.02)}};
  const auto records = run(config, plan);
  ASSERT_EQ(records.size(), 1u);
  const RequestRecord& r = records[0];
  ASSERT_TRUE(r.ok) << error_kind(r);
  EXPECT_NEAR(r.intended_start_ms, 80.0, 1e-3);  // 20 ms x 4
  EXPECT_GE(r.start_ms, 80.0);
  EXPECT_GE(*r.ttft_ms, 200.0);  // >= 50 ms x 4
  EXPECT_GE(*r.ttft_ms + *r.decode_ms, 280.0);
  ASSERT_EQ(r.itl_ms.size(), 1u);
  EXPECT_NEAR(*r.decode_ms, r.itl_ms[0], 1e-9);
  EXPECT_NEAR(r.end_ms - r.start_ms, *r.e2el_ms, 1e-6);
}

TEST_P(RunPlan, StopCancelsInFlightAndDropsUnsent) {
  // req-0 answers only once req-1 has reached the server, so the stop finds req-1 mid-stream.
  test::Arrivals arrivals;
  ScriptServer server([&](const SeenRequest& req) {
    arrivals.arrive();
    if (req.head.find("x-request-id: req-0") == std::string::npos) {
      return Script{.body = {{0ms, kRole + token("a")}, {60s, kDone}}};  // stalls
    }
    arrivals.wait_for(2);
    return quick_stream();
  });
  std::atomic<bool> stop{false};
  DispatchPlan plan{.requests = {request(0), request(1), request(2, 1)}};
  // The first finished request pulls the plug while request 1 is mid-stream.
  const auto records =
      run(config_for(server), plan, &stop, [&](const RequestRecord&) { stop = true; });
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(records[0].ok);
  EXPECT_EQ(error_kind(records[1]), "cancelled");
  EXPECT_EQ(server.requests().size(), 2u);  // round 1 was never sent
}

TEST_P(RunPlan, StopSetBeforehandSendsNothing) {
  ScriptServer server([](const SeenRequest&) { return quick_stream(); });
  std::atomic<bool> stop{true};
  const auto records = run(config_for(server), DispatchPlan{.requests = {request(0)}}, &stop);
  EXPECT_TRUE(records.empty());
  EXPECT_TRUE(server.requests().empty());
}

TEST_P(RunPlan, EmptyPlanReturns) {
  ClientConfig config;
  config.base_url = "http://127.0.0.1:1";
  EXPECT_TRUE(run(config, DispatchPlan{}).empty());
}

TEST_P(RunPlan, NewConnectionPerRequestOpensOneEach) {
  ScriptServer server([](const SeenRequest&) {
    Script s = quick_stream();
    s.keep_alive = true;  // the server would allow reuse: the client must not
    return s;
  });
  ClientConfig config = config_for(server);
  config.new_connection_per_request = true;
  DispatchPlan plan{.requests = {request(0), request(1), request(2)}, .max_in_flight = 1};
  const auto records = run(config, plan);
  ASSERT_EQ(records.size(), 3u);
  for (const auto& r : records) EXPECT_TRUE(r.ok) << error_kind(r);
  std::vector<int> connections;
  for (const auto& s : server.requests()) connections.push_back(s.connection);
  EXPECT_EQ(connections, (std::vector<int>{0, 1, 2}));
}

TEST_P(RunPlan, ThreadsKeepRoundsGlobal) {
  // Round 0's slow request lives on worker 0; round 1's requests on workers 1 and 2 must
  // still wait for it.
  ScriptServer server([](const SeenRequest& req) {
    const bool slow = req.head.find("x-request-id: req-0") != std::string::npos;
    return quick_stream(slow ? 80ms : 5ms);
  });
  ClientConfig config = config_for(server);
  config.threads = 3;
  DispatchPlan plan;
  for (int i = 0; i < 9; ++i) plan.requests.push_back(request(i, i / 3));
  ClientHealth health;
  std::vector<RequestRecord> records;
  const auto caller = std::this_thread::get_id();
  bool sink_on_caller = true;
  run_plan(
      config, plan, Clock::now(),
      [&](RequestRecord&& r) {
        sink_on_caller = sink_on_caller && std::this_thread::get_id() == caller;
        records.push_back(std::move(r));
      },
      nullptr, &health);
  ASSERT_EQ(records.size(), 9u);
  EXPECT_TRUE(sink_on_caller);
  EXPECT_EQ(health.threads, 3);
  EXPECT_GT(health.wall_s, 0.08);
  std::map<int, std::pair<double, double>> rounds;  // round -> (first start, last end)
  for (const auto& r : records) {
    ASSERT_TRUE(r.ok) << error_kind(r);
    auto [it, fresh] = rounds.try_emplace(r.index / 3, r.start_ms, r.end_ms);
    if (!fresh) {
      it->second.first = std::min(it->second.first, r.start_ms);
      it->second.second = std::max(it->second.second, r.end_ms);
    }
  }
  EXPECT_GE(rounds[1].first, rounds[0].second);
  EXPECT_GE(rounds[2].first, rounds[1].second);
}

TEST_P(RunPlan, ThreadsShareMaxInFlight) {
  ScriptServer server([](const SeenRequest&) { return quick_stream(40ms); });
  ClientConfig config = config_for(server);
  config.threads = 2;
  DispatchPlan plan{.requests = {}, .max_in_flight = 3};
  for (int i = 0; i < 9; ++i) plan.requests.push_back(request(i));
  const auto records = run(config, plan);
  ASSERT_EQ(records.size(), 9u);
  for (const auto& r : records) EXPECT_TRUE(r.ok) << error_kind(r);
  EXPECT_LE(server.max_concurrent(), 3);
  EXPECT_EQ(client_threads(config, plan), 2);
  EXPECT_EQ(client_threads(config, DispatchPlan{.requests = {request(0)}, .max_in_flight = 0}), 1);
}

TEST_P(RunPlan, HealthIsReported) {
  ScriptServer server([](const SeenRequest&) { return quick_stream(); });
  ClientConfig config = config_for(server);
  config.threads = 1;
  ClientHealth health;
  run_plan(
      config, DispatchPlan{.requests = {request(0)}}, Clock::now(), [](RequestRecord&&) {}, nullptr,
      &health);
  EXPECT_EQ(health.threads, 1);
  EXPECT_GT(health.wall_s, 0);
  EXPECT_GE(health.cpu_user_s + health.cpu_system_s, 0);
  EXPECT_GE(health.max_receive_backlog_ms, 0);
  EXPECT_GE(health.cpu_util_pct, 0);
}

}  // namespace
}  // namespace sonde
