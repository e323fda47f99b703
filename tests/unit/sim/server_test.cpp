// HTTP tests: SimServer on a free loopback port at high speed, driven by a synchronous client.
#include <gtest/gtest.h>

#include <thread>

#include "sim/sim_server.hpp"
#include "util/error.hpp"
#include "test_client.hpp"

namespace sonde::sim::testing {
namespace {

using json = nlohmann::json;

SimOptions fast_options() {
  SimOptions o;
  o.port = 0;
  o.model = "test/model";
  o.served_model_name = "m";
  o.max_model_len = 2048;
  o.speed = 1000;
  return o;
}

class SimServerTest : public ::testing::Test {
 protected:
  void SetUp() override { server_.start(); }
  TestClient client() { return TestClient(server_.port()); }
  SimServer server_{fast_options()};
};

json chat_body(const std::string& content, int max_tokens, bool stream, bool ignore_eos = true) {
  return {{"model", "m"},
          {"messages", {{{"role", "user"}, {"content", content}}}},
          {"max_tokens", max_tokens},
          {"stream", stream},
          {"ignore_eos", ignore_eos},
          {"stream_options", {{"include_usage", true}}}};
}

int64_t tokenize_count(TestClient& c, const json& body) {
  const auto res = c.post("/tokenize", body);
  EXPECT_EQ(res.result_int(), 200u) << res.body();
  return json::parse(res.body()).at("count").get<int64_t>();
}

TEST_F(SimServerTest, ChatStreamHasVllmChunkSequence) {
  auto c = client();
  const auto res =
      c.post("/v1/chat/completions", chat_body("안녕하세요, 요약해 주세요.", 5, true), "req-1");
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res[http::field::content_type], "text/event-stream; charset=utf-8");
  EXPECT_TRUE(res.chunked());
  EXPECT_EQ(res["x-request-id"], "req-1");
  const auto events = sse_payloads(res.body());
  ASSERT_EQ(events.size(), 8u);  // role, 5 tokens, usage, [DONE]
  const auto role = json::parse(events[0]);
  const std::string created = std::to_string(role.at("created").get<int64_t>());
  EXPECT_EQ(events[0], R"({"id":"chatcmpl-req-1","object":"chat.completion.chunk","created":)" +
                           created +
                           R"(,"model":"m","choices":[{"index":0,"delta":{"role":)"
                           R"("assistant","content":""},"logprobs":null,"finish_reason":null}],)"
                           R"("prompt_token_ids":null})");
  for (int i = 1; i <= 4; ++i) {
    const auto e = json::parse(events[i]);
    EXPECT_EQ(e.at("id"), "chatcmpl-req-1");
    const auto& choice = e.at("choices").at(0);
    EXPECT_FALSE(choice.at("delta").at("content").get<std::string>().empty());
    EXPECT_TRUE(choice.at("finish_reason").is_null());
    EXPECT_TRUE(choice.at("token_ids").is_null());
    EXPECT_FALSE(choice.contains("stop_reason"));
    EXPECT_FALSE(e.contains("usage"));
  }
  const auto last = json::parse(events[5]).at("choices").at(0);
  EXPECT_EQ(last.at("finish_reason"), "length");
  EXPECT_TRUE(last.at("stop_reason").is_null());
  const auto usage = json::parse(events[6]);
  EXPECT_EQ(usage.at("choices"), json::array());
  const int64_t prompt = tokenize_count(
      c, {{"model", "m"},
          {"messages", {{{"role", "user"}, {"content", "안녕하세요, 요약해 주세요."}}}},
          {"add_generation_prompt", true}});
  EXPECT_EQ(
      usage.at("usage"),
      json({{"prompt_tokens", prompt}, {"total_tokens", prompt + 5}, {"completion_tokens", 5}}));
  EXPECT_EQ(events[7], "[DONE]");
}

TEST_F(SimServerTest, CompletionsStreamShape) {
  auto c = client();
  const json body = {{"model", "m"},
                     {"prompt", "The quick brown fox"},
                     {"stream", true},
                     {"ignore_eos", true},
                     {"stream_options", {{"include_usage", true}}}};
  const auto res = c.post("/v1/completions", body, "abc");
  ASSERT_EQ(res.result_int(), 200u);
  const auto events = sse_payloads(res.body());
  ASSERT_EQ(events.size(), 18u);  // default max_tokens 16, usage, [DONE]
  const auto first = json::parse(events[0]);
  EXPECT_EQ(first.at("id"), "cmpl-abc");
  EXPECT_EQ(first.at("object"), "text_completion");
  EXPECT_TRUE(first.at("usage").is_null());
  EXPECT_TRUE(first.at("choices").at(0).contains("text"));
  EXPECT_TRUE(first.at("choices").at(0).at("finish_reason").is_null());
  EXPECT_EQ(json::parse(events[15]).at("choices").at(0).at("finish_reason"), "length");
  const int64_t prompt = tokenize_count(
      c, {{"model", "m"}, {"prompt", "The quick brown fox"}, {"add_special_tokens", true}});
  EXPECT_EQ(prompt, 7);  // BOS "The" " quic" "k" " brow" "n" " fox"
  const auto usage = json::parse(events[16]).at("usage");
  EXPECT_EQ(usage.at("prompt_tokens"), prompt);
  EXPECT_EQ(usage.at("completion_tokens"), 16);
  EXPECT_EQ(events[17], "[DONE]");
}

TEST_F(SimServerTest, EosEndsWithStopWithinMinAndMax) {
  auto c = client();
  json body = chat_body("Tell me a story about load testing.", 40, true, false);
  body["min_tokens"] = 10;
  const auto first = c.post("/v1/chat/completions", body);
  const auto events = sse_payloads(first.body());
  ASSERT_GE(events.size(), 4u);
  const auto last = json::parse(events[events.size() - 3]).at("choices").at(0);
  EXPECT_EQ(last.at("finish_reason"), "stop");
  EXPECT_EQ(last.at("delta").at("content"), "");  // the EOS token has no text
  const int64_t n = json::parse(events[events.size() - 2]).at("usage").at("completion_tokens");
  EXPECT_GE(n, 10);
  EXPECT_LE(n, 40);
  EXPECT_EQ(static_cast<int64_t>(events.size()), n + 3);  // role + n tokens + usage + [DONE]
  // Deterministic: the same prompt stops at the same length.
  const auto again = sse_payloads(c.post("/v1/chat/completions", body).body());
  EXPECT_EQ(again.size(), events.size());
  body["min_tokens"] = 7;
  body["max_tokens"] = 7;
  const auto fixed = sse_payloads(c.post("/v1/chat/completions", body).body());
  EXPECT_EQ(json::parse(fixed[fixed.size() - 2]).at("usage").at("completion_tokens"), 7);
}

TEST_F(SimServerTest, MaxCompletionTokensWinsOverMaxTokens) {
  auto c = client();
  json body = chat_body("hello", 10, false);
  body["max_completion_tokens"] = 3;
  const auto res = c.post("/v1/chat/completions", body);
  ASSERT_EQ(res.result_int(), 200u);
  const auto j = json::parse(res.body());
  EXPECT_EQ(j.at("object"), "chat.completion");
  EXPECT_EQ(j.at("usage").at("completion_tokens"), 3);
  EXPECT_EQ(j.at("choices").at(0).at("finish_reason"), "length");
  EXPECT_EQ(j.at("choices").at(0).at("message").at("role"), "assistant");
  EXPECT_FALSE(j.at("choices").at(0).at("message").at("content").get<std::string>().empty());
}

TEST_F(SimServerTest, NonStreamCompletion) {
  auto c = client();
  const auto res =
      c.post("/v1/completions",
             {{"model", "m"}, {"prompt", "숫자 12345"}, {"max_tokens", 4}, {"ignore_eos", true}});
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  const auto j = json::parse(res.body());
  EXPECT_EQ(j.at("object"), "text_completion");
  EXPECT_TRUE(j.at("choices").at(0).at("text").is_string());
  EXPECT_EQ(j.at("usage").at("prompt_tokens"), 5);  // BOS 숫 자 " 123" "45"
  EXPECT_EQ(j.at("usage").at("total_tokens"), 9);
}

TEST_F(SimServerTest, ContinuousUsageStatsOnEveryChunk) {
  auto c = client();
  json body = chat_body("hi", 3, true);
  body["stream_options"]["continuous_usage_stats"] = true;
  const auto events = sse_payloads(c.post("/v1/chat/completions", body).body());
  ASSERT_EQ(events.size(), 6u);
  // role chunk (0 tokens), then cumulative counts, then the final usage chunk.
  for (int i = 0; i <= 3; ++i) {
    EXPECT_EQ(json::parse(events[i]).at("usage").at("completion_tokens"), i) << events[i];
  }
  EXPECT_EQ(json::parse(events[4]).at("usage").at("completion_tokens"), 3);
}

TEST_F(SimServerTest, OverLongPromptIs400WithVllmMessage) {
  auto c = client();
  std::string prompt;
  for (int i = 0; i < 2000; ++i) prompt += "가";
  const auto res = c.post(
      "/v1/completions", {{"model", "m"}, {"prompt", prompt}, {"max_tokens", 100}, {"stream", true}});
  ASSERT_EQ(res.result_int(), 400u);
  const auto err = json::parse(res.body()).at("error");
  EXPECT_EQ(err.at("message"),
            "This model's maximum context length is 2048 tokens. However, you requested 2101 "
            "tokens (2001 in the messages, 100 in the completion). Please reduce the length of "
            "the messages or completion.");
  EXPECT_EQ(err.at("type"), "BadRequestError");
  EXPECT_EQ(err.at("code"), 400);
}

TEST_F(SimServerTest, BadRequestsAre400AndUnknownModel404) {
  auto c = client();
  auto res = c.request(http::verb::post, "/v1/chat/completions", "{not json");
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_EQ(json::parse(res.body()).at("error").at("code"), 400);
  res = c.post("/v1/chat/completions", {{"model", "m"}, {"max_tokens", 3}});
  EXPECT_EQ(res.result_int(), 400u);
  res = c.post("/v1/chat/completions", chat_body("hi", 0, false));
  EXPECT_EQ(res.result_int(), 400u);
  json body = chat_body("hi", 3, true);
  body["model"] = "x";
  res = c.post("/v1/chat/completions", body);
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_EQ(res.body(), R"({"error":{"message":"The model `x` does not exist.",)"
                        R"("type":"NotFoundError","param":"model","code":404}})");
  res = c.get("/nope");
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_EQ(res.body(), R"({"detail":"Not Found"})");
}

TEST_F(SimServerTest, InfoEndpoints) {
  auto c = client();
  auto res = c.get("/health");
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.body(), "");
  res = c.get("/version");
  EXPECT_EQ(res.body(), R"({"version":"0.11.0"})");
  res = c.get("/v1/models");
  ASSERT_EQ(res.result_int(), 200u);
  const auto j = json::parse(res.body());
  EXPECT_EQ(j.at("object"), "list");
  const auto& m = j.at("data").at(0);
  EXPECT_EQ(m.at("id"), "m");
  EXPECT_EQ(m.at("object"), "model");
  EXPECT_EQ(m.at("owned_by"), "vllm");
  EXPECT_EQ(m.at("root"), "test/model");
  EXPECT_TRUE(m.at("parent").is_null());
  EXPECT_EQ(m.at("max_model_len"), 2048);
  EXPECT_TRUE(m.at("permission").is_array());
}

TEST_F(SimServerTest, TokenizeAndDetokenizeRoundTrip) {
  auto c = client();
  const auto res = c.post("/tokenize", {{"model", "m"}, {"prompt", "안녕 hello 123"}});
  ASSERT_EQ(res.result_int(), 200u);
  const auto j = json::parse(res.body());
  EXPECT_EQ(j.at("count"), 6);  // BOS 안 녕 " hell" o " 123"
  EXPECT_EQ(j.at("max_model_len"), 2048);
  EXPECT_TRUE(j.at("token_strs").is_null());
  const auto back = c.post("/detokenize", {{"model", "m"}, {"tokens", j.at("tokens")}});
  EXPECT_EQ(json::parse(back.body()).at("prompt"), "<|begin_of_text|>안녕 hello 123");
  EXPECT_EQ(c.post("/detokenize", {{"tokens", {-1}}}).result_int(), 400u);
}

TEST_F(SimServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  auto c = client();
  const auto local = c.stream().socket().local_endpoint();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(c.get("/health").result_int(), 200u);
    const auto s = c.post("/v1/chat/completions", chat_body("again " + std::to_string(i), 2, true));
    EXPECT_EQ(sse_payloads(s.body()).back(), "[DONE]");
    EXPECT_EQ(c.post("/v1/completions", {{"prompt", "x"}, {"max_tokens", 1}}).result_int(), 200u);
    EXPECT_EQ(c.get("/nope").result_int(), 404u);
  }
  EXPECT_EQ(c.stream().socket().local_endpoint(), local);
}

TEST_F(SimServerTest, RandomIdWithoutRequestId) {
  auto c = client();
  const auto res = c.post("/v1/chat/completions", chat_body("hi", 1, false));
  const std::string id = json::parse(res.body()).at("id");
  ASSERT_EQ(id.size(), std::string("chatcmpl-").size() + 32);
  EXPECT_EQ(id.rfind("chatcmpl-", 0), 0u);
  EXPECT_EQ(res.find("x-request-id"), res.end());
}

TEST_F(SimServerTest, ManyConcurrentStreams) {
  constexpr int kClients = 24;
  std::vector<std::thread> threads;
  std::vector<size_t> events(kClients);
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      TestClient c(server_.port());
      events[i] =
          sse_payloads(
              c.post("/v1/chat/completions", chat_body("client " + std::to_string(i), 20, true)).body())
              .size();
    });
  }
  for (auto& t : threads) t.join();
  for (const auto n : events) EXPECT_EQ(n, 23u);
  const auto stats = server_.stats();
  EXPECT_EQ(stats.requests_finished_total, kClients);
  EXPECT_EQ(stats.generation_tokens_total, kClients * 20);
  EXPECT_EQ(stats.num_requests_running, 0);
}

TEST(SimServerSlow, ClientHangingUpAbortsItsRequest) {
  SimOptions o = fast_options();
  o.speed = 1;  // slow enough that the stream is still running when the client leaves
  SimServer server(o);
  server.start();
  {
    TestClient c(server.port());
    http::request<http::string_body> req{http::verb::post, "/v1/chat/completions", 11};
    req.set(http::field::host, "127.0.0.1");
    req.body() = chat_body("long answer please", 1500, true).dump();
    req.prepare_payload();
    http::write(c.stream(), req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    http::read_header(c.stream(), buffer, parser);
    EXPECT_EQ(parser.get().result_int(), 200u);
  }  // closes the socket
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server.stats().requests_aborted_total == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const auto stats = server.stats();
  EXPECT_EQ(stats.requests_aborted_total, 1);
  EXPECT_EQ(stats.num_requests_running + stats.num_requests_waiting, 0);
  EXPECT_EQ(stats.requests_finished_total, 0);
  server.stop();
  server.stop();  // idempotent
}

TEST(SimServerSlow, TokensPerChunkGroupsTokens) {
  SimOptions o = fast_options();
  o.tokens_per_chunk = 3;
  SimServer server(o);
  server.start();
  TestClient c(server.port());
  const auto events = sse_payloads(c.post("/v1/chat/completions", chat_body("hi", 7, true)).body());
  ASSERT_EQ(events.size(), 6u);  // role, 1 + 3 + 3 tokens, usage, [DONE]
  EXPECT_EQ(json::parse(events[4]).at("usage").at("completion_tokens"), 7);
}

// --enable-prompt-tokens-details: the final usage (stream and body) says how many prompt tokens
// came from the prefix cache, 0 included; without the flag the key is absent, as in vLLM.
TEST(SimServerSlow, PromptTokensDetailsReportPrefixCacheHits) {
  const std::string prompt(1200, 'a');  // the same long prompt twice: the second one hits
  for (const bool flag : {false, true}) {
    SimOptions o = fast_options();
    o.enable_prompt_tokens_details = flag;
    SimServer server(o);
    server.start();
    TestClient c(server.port());
    std::vector<json> usages;
    for (int i = 0; i < 2; ++i) {
      const auto events =
          sse_payloads(c.post("/v1/chat/completions", chat_body(prompt, 2, true)).body());
      ASSERT_EQ(events.size(), 5u);  // role, 2 tokens, usage, [DONE]
      usages.push_back(json::parse(events[3]).at("usage"));
    }
    const auto body = json::parse(c.post("/v1/chat/completions", chat_body(prompt, 2, false)).body());
    usages.push_back(body.at("usage"));
    if (!flag) {  // the stream leaves it out; the non-stream body has it as null
      EXPECT_FALSE(usages[0].contains("prompt_tokens_details")) << usages[0];
      EXPECT_FALSE(usages[1].contains("prompt_tokens_details")) << usages[1];
      EXPECT_TRUE(usages[2].at("prompt_tokens_details").is_null()) << usages[2];
      continue;
    }
    EXPECT_EQ(usages[0].at("prompt_tokens_details"), json({{"cached_tokens", 0}}));
    const int64_t tokens = usages[1].at("prompt_tokens").get<int64_t>();
    const int64_t cached = usages[1].at("prompt_tokens_details").at("cached_tokens").get<int64_t>();
    EXPECT_EQ(cached, (tokens - 1) / 16 * 16);  // whole blocks, the last token recomputed
    EXPECT_EQ(usages[2].at("prompt_tokens_details").at("cached_tokens"), cached);
    // The three figures add up to the server's own counter.
    const auto metrics = c.get("/metrics").body();
    const auto at = metrics.find("vllm:prefix_cache_hits_total{");
    ASSERT_NE(at, std::string::npos);
    const auto line = metrics.substr(at, metrics.find('\n', at) - at);
    EXPECT_EQ(std::stod(line.substr(line.rfind(' ') + 1)), double(2 * cached)) << line;
  }
}

TEST(SimServerStart, BusyPortIsAnError) {
  SimServer first(fast_options());
  first.start();
  SimOptions o = fast_options();
  o.port = first.port();
  SimServer second(o);
  EXPECT_THROW(second.start(), Error);
}

}  // namespace
}  // namespace sonde::sim::testing
