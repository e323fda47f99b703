// --retries, --grace-s and CancelToken in run_plan, against the scripted loopback server; and
// the retry policy itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include "client/client.hpp"
#include "client/retry.hpp"
#include "script_server.hpp"

namespace sonde {
namespace {

using namespace std::chrono_literals;
using test::Script;
using test::ScriptServer;
using test::SeenRequest;
using test::sse;

const std::string kStream =
    sse(R"({"id":"c1","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]})") +
    sse(R"({"id":"c1","choices":[{"index":0,"delta":{"content":"b"},"finish_reason":"length"}]})") +
    sse(R"({"id":"c1","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2}})") +
    sse("[DONE]");

Script ok_stream(std::chrono::milliseconds delay = 0ms) {
  return Script{.body = {{delay, kStream}}};
}

Script error_status(int status) {
  return Script{.status = status,
                .content_type = "application/json",
                .body = {{0ms, R"({"error":{"message":"busy","type":"X","code":)" +
                                   std::to_string(status) + "}}"}}};
}

// Every run_plan case runs over both transports (the suites' parameter). config_for picks up
// the running case's transport.
ClientTransport g_transport = ClientTransport::native;

ClientConfig config_for(const ScriptServer& server, int retries = 0) {
  ClientConfig c;
  c.transport = g_transport;
  c.base_url = server.base_url();
  c.endpoint = "/v1/chat/completions";
  c.timeouts = Timeouts{.connect_s = 5, .first_token_s = 30, .idle_s = 30, .total_s = 60};
  c.threads = 1;
  c.retries = retries;
  return c;
}

PreparedRequest request(int index, int round = 0) {
  PreparedRequest r;
  r.scenario = "s";
  r.index = index;
  r.x_request_id = "req-" + std::to_string(index);
  r.body = R"({"model":"m","stream":true})";
  r.output_tokens_target = 2;
  r.round = round;
  return r;
}

std::vector<RequestRecord> run(const ClientConfig& config, const DispatchPlan& plan,
                               const std::atomic<bool>* stop = nullptr,
                               const CancelToken* cancel = nullptr,
                               const std::function<void(const RequestRecord&)>& on_record = {}) {
  std::vector<RequestRecord> records;
  run_plan(
      config, plan, Clock::now(),
      [&](RequestRecord&& r) {
        if (on_record) on_record(r);
        records.push_back(std::move(r));
      },
      stop, nullptr, cancel);
  std::sort(records.begin(), records.end(),
            [](const auto& a, const auto& b) { return a.index < b.index; });
  return records;
}

std::string kind(const RequestRecord& r) { return r.error ? r.error->kind_name() : "ok"; }

class OverTransports : public ::testing::TestWithParam<ClientTransport> {
 protected:
  void SetUp() override { g_transport = GetParam(); }
};
using Retries = OverTransports;
using Grace = OverTransports;
using CancelTokenTest = OverTransports;
std::string transport_name(const ::testing::TestParamInfo<ClientTransport>& info) {
  return info.param == ClientTransport::native ? "native" : "curl";
}
const auto kTransports = ::testing::Values(ClientTransport::native, ClientTransport::curl);
INSTANTIATE_TEST_SUITE_P(Transports, Retries, kTransports, transport_name);
INSTANTIATE_TEST_SUITE_P(Transports, Grace, kTransports, transport_name);
INSTANTIATE_TEST_SUITE_P(Transports, CancelTokenTest, kTransports, transport_name);

RequestRecord failure(ErrorKind kind, int status, bool got_token = false) {
  RequestRecord r;
  r.error = RequestError{kind, status, ""};
  if (got_token) r.ttft_ms = 1.0;
  return r;
}

TEST(Retriable, OnlyFailuresBeforeTheServerAnswered) {
  EXPECT_TRUE(retriable(failure(ErrorKind::connect, 0)));
  EXPECT_TRUE(retriable(failure(ErrorKind::timeout_connect, 0)));
  EXPECT_TRUE(retriable(failure(ErrorKind::http, 429)));
  EXPECT_TRUE(retriable(failure(ErrorKind::http, 500)));
  EXPECT_TRUE(retriable(failure(ErrorKind::http, 503)));
  EXPECT_FALSE(retriable(failure(ErrorKind::http, 400)));
  EXPECT_FALSE(retriable(failure(ErrorKind::http, 404)));
  EXPECT_FALSE(retriable(failure(ErrorKind::stream_error, 200)));
  EXPECT_FALSE(retriable(failure(ErrorKind::stream_truncated, 200)));
  EXPECT_FALSE(retriable(failure(ErrorKind::timeout_first_token, 200)));
  EXPECT_FALSE(retriable(failure(ErrorKind::cancelled, 0)));
  EXPECT_FALSE(retriable(failure(ErrorKind::server_died, 0)));
  EXPECT_FALSE(retriable(failure(ErrorKind::timeout_first_token, 503)));  // a 5xx, but not an http failure
  EXPECT_FALSE(retriable(failure(ErrorKind::malformed_chunk, 200)));
  EXPECT_FALSE(retriable(failure(ErrorKind::http, 500, /*got_token=*/true)));
  RequestRecord ok;
  ok.ok = true;
  EXPECT_FALSE(retriable(ok));
}

TEST_P(Retries, A500ThenSuccessIsRecordedWithItsAttempts) {
  std::atomic<int> seen{0};
  ScriptServer server(
      [&](const SeenRequest&) { return seen++ == 0 ? error_status(500) : ok_stream(); });
  const auto records = run(config_for(server, 2), DispatchPlan{.requests = {request(0)}});
  ASSERT_EQ(records.size(), 1u);
  const RequestRecord& r = records[0];
  EXPECT_TRUE(r.ok) << kind(r);
  EXPECT_EQ(r.attempts, 2);
  ASSERT_EQ(r.retried_errors.size(), 1u);
  EXPECT_EQ(r.retried_errors[0].kind_name(), "http_500");
  EXPECT_EQ(r.retried_errors[0].message, "busy");
  EXPECT_EQ(server.requests().size(), 2u);
  // Latencies are the final attempt's; the intended start stays the first attempt's.
  EXPECT_LE(r.intended_start_ms, r.start_ms);
  ASSERT_TRUE(r.e2el_ms);
  EXPECT_NEAR(*r.e2el_ms, r.end_ms - r.start_ms, 1e-6);
}

TEST_P(Retries, NoneUnlessAsked) {
  ScriptServer server([](const SeenRequest&) { return error_status(500); });
  const auto records = run(config_for(server, 0), DispatchPlan{.requests = {request(0)}});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(kind(records[0]), "http_500");
  EXPECT_EQ(records[0].attempts, 1);
  EXPECT_TRUE(records[0].retried_errors.empty());
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_P(Retries, ExhaustedKeepsEveryAttempt) {
  ScriptServer server([](const SeenRequest&) { return error_status(503); });
  const auto records = run(config_for(server, 2), DispatchPlan{.requests = {request(0)}});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(kind(records[0]), "http_503");
  EXPECT_EQ(records[0].attempts, 3);
  EXPECT_EQ(records[0].retried_errors.size(), 2u);
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST_P(Retries, ClientErrorsAreNotRetried) {
  ScriptServer server([](const SeenRequest&) { return error_status(400); });
  const auto records = run(config_for(server, 3), DispatchPlan{.requests = {request(0)}});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(kind(records[0]), "http_400");
  EXPECT_EQ(records[0].attempts, 1);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_P(Retries, ConnectErrorsAreRetried) {
  ClientConfig c;
  c.base_url = "http://127.0.0.1:" + std::to_string(test::closed_port());
  c.endpoint = "/v1/chat/completions";
  c.threads = 1;
  c.retries = 2;
  const auto records = run(c, DispatchPlan{.requests = {request(0)}});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(kind(records[0]), "connect");
  EXPECT_EQ(records[0].attempts, 3);
}

TEST_P(Grace, InFlightRequestsFinishWithinTheGrace) {
  ScriptServer server([](const SeenRequest& req) {
    if (req.head.find("x-request-id: req-0") != std::string::npos) return ok_stream();
    return ok_stream(300ms);  // still in flight when the stop comes
  });
  ClientConfig c = config_for(server);
  c.grace_s = 30;
  std::atomic<bool> stop{false};
  const auto records = run(c, DispatchPlan{.requests = {request(0), request(1), request(2, 1)}},
                           &stop, nullptr, [&](const RequestRecord&) { stop = true; });
  ASSERT_EQ(records.size(), 2u);  // request 2 (the next round) was never sent
  EXPECT_TRUE(records[0].ok);
  EXPECT_TRUE(records[1].ok) << kind(records[1]);
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST_P(Grace, RequestsStillInFlightAfterTheGraceAreCancelled) {
  ScriptServer server([](const SeenRequest& req) {
    if (req.head.find("x-request-id: req-0") != std::string::npos) return ok_stream();
    return ok_stream(60s);  // stalls far past the grace
  });
  ClientConfig c = config_for(server);
  c.grace_s = 0.05;
  std::atomic<bool> stop{false};
  const auto records = run(c, DispatchPlan{.requests = {request(0), request(1)}}, &stop, nullptr,
                           [&](const RequestRecord&) { stop = true; });
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(records[0].ok);
  EXPECT_EQ(kind(records[1]), "cancelled");
}

TEST_P(CancelTokenTest, CancelsInFlightWithItsKindAndSendsNothingMore) {
  // req-0 answers only once req-1 has reached the server, so the cancel finds req-1 in flight.
  test::Arrivals arrivals;
  ScriptServer server([&](const SeenRequest& req) {
    arrivals.arrive();
    if (req.head.find("x-request-id: req-0") == std::string::npos) return ok_stream(60s);
    arrivals.wait_for(2);
    return ok_stream();
  });
  CancelToken cancel;
  const auto records =
      run(config_for(server), DispatchPlan{.requests = {request(0), request(1), request(2, 1)}},
          nullptr, &cancel, [&](const RequestRecord&) {
            cancel.request(ErrorKind::server_died, "gone");
            cancel.request(ErrorKind::cancelled, "ignored: the first request wins");
          });
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(records[0].ok);
  EXPECT_EQ(kind(records[1]), "server_died");
  EXPECT_EQ(records[1].error->message, "gone");
  EXPECT_EQ(server.requests().size(), 2u);
}

}  // namespace
}  // namespace sonde
