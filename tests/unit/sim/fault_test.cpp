// Fault injection: spec parsing, the deterministic per-request draws, and the faults as a
// client sees them on the wire (SimServer on a free loopback port at high speed).
#include <gtest/gtest.h>

#include <atomic>
#include <boost/beast/http/read.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "sim/fault.hpp"
#include "sim/sim_server.hpp"
#include "test_client.hpp"
#include "util/error.hpp"

namespace sonde::sim::testing {
namespace {

using json = nlohmann::json;

TEST(FaultSpecTest, ParsesKindRateAndOptions) {
  const FaultSpec f = parse_fault_spec("stall_mid_stream:0.25:after=3:seconds=1.5");
  EXPECT_EQ(f.kind, FaultKind::stall_mid_stream);
  EXPECT_DOUBLE_EQ(f.rate, 0.25);
  EXPECT_EQ(f.after, 3);
  EXPECT_DOUBLE_EQ(f.seconds, 1.5);
  EXPECT_EQ(fault_spec_text(f), "stall_mid_stream:0.25:after=3:seconds=1.5");
  EXPECT_EQ(parse_fault_spec("http_500:1").after, 0);
  EXPECT_DOUBLE_EQ(fault_seconds(parse_fault_spec("http_429:1")), 1.0);  // kind's default
}

TEST(FaultSpecTest, RejectsBadSpecsNamingThem) {
  for (const char* bad :
       {"http_500", "nope:1", "http_500:2", "http_500:-0.1", "http_500:x", "http_500:1:after=-1",
        "http_500:1:after=1.5", "http_500:1:foo=1", "http_500:1:seconds=abc", ""}) {
    try {
      (void)parse_fault_spec(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("--fault"), std::string::npos) << e.what();
    }
  }
}

TEST(FaultSpecTest, FromJsonAcceptsStringAndObject) {
  EXPECT_EQ(fault_spec_from_json(json("no_done:0.5")).kind, FaultKind::no_done);
  const FaultSpec f = fault_spec_from_json(json{{"kind", "slow_headers"}, {"seconds", 2}});
  EXPECT_EQ(f.kind, FaultKind::slow_headers);
  EXPECT_DOUBLE_EQ(f.rate, 1.0);  // a rate left out means every request
  EXPECT_DOUBLE_EQ(f.seconds, 2.0);
  EXPECT_THROW((void)fault_spec_from_json(json{{"rate", 1}}), UsageError);
  EXPECT_THROW((void)fault_spec_from_json(json{{"kind", "http_500"}, {"rate", "x"}}), UsageError);
}

TEST(FaultInjectorTest, DrawsAreDeterministicAndFollowTheRate) {
  FaultInjector a({parse_fault_spec("http_500:0.3")}, 7);
  FaultInjector b({parse_fault_spec("http_500:0.3")}, 7);
  int hits = 0;
  for (int i = 0; i < 2000; ++i) {
    const bool ha = a.next_request(true).has_value();
    EXPECT_EQ(ha, b.next_request(true).has_value());
    hits += ha;
  }
  EXPECT_GT(hits, 500);  // 600 expected; binomial sd ~20
  EXPECT_LT(hits, 700);
}

TEST(FaultInjectorTest, AfterSparesTheFirstRequestsAndStreamOnlyKindsSkipNonStream) {
  FaultInjector inj({parse_fault_spec("no_done:1"), parse_fault_spec("http_500:1:after=2")}, 0);
  EXPECT_FALSE(inj.next_request(false).has_value());  // #1: no_done needs a stream
  EXPECT_FALSE(inj.next_request(false).has_value());  // #2
  const auto third = inj.next_request(false);         // #3: http_500 now eligible
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->kind, FaultKind::http_500);
  EXPECT_EQ(inj.next_request(true)->kind, FaultKind::no_done);  // first listed wins
  inj.configure({}, std::nullopt);
  EXPECT_FALSE(inj.next_request(true).has_value());
  inj.record(FaultKind::no_done, 2);
  const auto status = json::parse(inj.status_body(false));
  EXPECT_EQ(status["injected"]["no_done"], 2);
  EXPECT_EQ(status["requests"], 1);  // numbering restarted at configure()
}

// --- On the wire ------------------------------------------------------------------------------

SimOptions fault_options(std::vector<std::string> faults) {
  SimOptions o;
  o.port = 0;
  o.model = "test/model";
  o.served_model_name = "m";
  o.max_model_len = 2048;
  o.speed = 1000;
  o.faults = std::move(faults);
  return o;
}

json chat(int max_tokens) {
  return {{"model", "m"},
          {"messages", {{{"role", "user"}, {"content", "hello there"}}}},
          {"max_tokens", max_tokens},
          {"stream", true},
          {"ignore_eos", true},
          {"stream_options", {{"include_usage", true}}}};
}

json injected(TestClient& c) { return json::parse(c.get("/admin/faults").body())["injected"]; }

TEST(FaultServerTest, Http429CarriesRetryAfterAndVllmBody) {
  SimServer server(fault_options({"http_429:1:seconds=3"}));
  server.start();
  TestClient c(server.port());
  const auto res = c.post("/v1/chat/completions", chat(4));
  EXPECT_EQ(res.result_int(), 429u);
  EXPECT_EQ(res["retry-after"], "3");
  const auto body = json::parse(res.body());
  EXPECT_EQ(body["error"]["code"], 429);
  EXPECT_TRUE(body["error"].contains("param"));
  EXPECT_EQ(injected(c)["http_429"], 1);
}

TEST(FaultServerTest, StreamFaultsShapeTheEvents) {
  SimServer server(fault_options({}));
  server.start();
  TestClient c(server.port());
  auto set = [&](const std::string& spec) {
    ASSERT_EQ(c.post("/admin/faults", json::array({spec})).result_int(), 200u);
  };
  set("error_event:1");
  auto events = sse_payloads(c.post("/v1/chat/completions", chat(6)).body());
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events.back(), "[DONE]");
  EXPECT_EQ(json::parse(events[events.size() - 2])["error"]["code"], 400);

  set("no_usage:1");
  events = sse_payloads(c.post("/v1/chat/completions", chat(3)).body());
  EXPECT_EQ(events.size(), 5u);  // role, 3 tokens, [DONE]: no usage chunk
  EXPECT_EQ(events.back(), "[DONE]");

  set("no_done:1");
  events = sse_payloads(c.post("/v1/chat/completions", chat(3)).body());
  EXPECT_EQ(events.size(), 5u);  // role, 3 tokens, usage
  EXPECT_NE(events.back(), "[DONE]");

  set("malformed_chunk:1");
  events = sse_payloads(c.post("/v1/chat/completions", chat(4)).body());
  int bad = 0;
  for (const auto& e : events) bad += !json::accept(e) && e != "[DONE]";
  EXPECT_EQ(bad, 1);
  const auto counts = injected(c);
  for (const char* k : {"error_event", "no_usage", "no_done", "malformed_chunk"}) {
    EXPECT_EQ(counts[k], 1) << k;
  }
}

TEST(FaultServerTest, DisconnectMidStreamEndsTheBodyEarly) {
  SimServer server(fault_options({"disconnect_mid_stream:1"}));
  server.start();
  TestClient c(server.port());
  http::request<http::string_body> req{http::verb::post, "/v1/chat/completions", 11};
  req.set(http::field::host, "127.0.0.1");
  req.body() = chat(8).dump();
  req.prepare_payload();
  http::write(c.stream(), req);
  beast::flat_buffer buf;
  http::response<http::string_body> res;
  beast::error_code ec;
  http::read(c.stream(), buf, res, ec);
  EXPECT_TRUE(ec);  // the chunked body never ends
  TestClient admin(server.port());
  EXPECT_EQ(injected(admin)["disconnect_mid_stream"], 1);
}

TEST(FaultServerTest, EngineDeathFailsRequestsTurnsHealth503AndStopsServing) {
  std::mutex m;
  std::condition_variable cv;
  bool died = false;
  SimOptions o = fault_options({"engine_death:1:after=1:seconds=0.3"});
  o.on_engine_death = [&] {
    std::lock_guard lock(m);
    died = true;
    cv.notify_all();
  };
  SimServer server(o);
  server.start();
  TestClient c(server.port());
  EXPECT_EQ(c.post("/v1/chat/completions", chat(2)).result_int(), 200u);  // #1 spared
  const auto res = c.post("/v1/chat/completions", chat(2));
  EXPECT_EQ(res.result_int(), 500u);
  EXPECT_EQ(json::parse(res.body())["error"]["message"], std::string(kEngineDeadMessage));
  EXPECT_EQ(c.get("/health").result_int(), 503u);
  std::unique_lock lock(m);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return died; }));
  EXPECT_TRUE(server.engine_dead());
  server.stop();  // returns: nothing keeps the io loop alive
}

TEST(FaultServerTest, AdminRejectsBadSpecsWith400) {
  SimServer server(fault_options({}));
  server.start();
  TestClient c(server.port());
  EXPECT_EQ(c.post("/admin/faults", json::array({"bogus:1"})).result_int(), 400u);
  EXPECT_EQ(c.request(http::verb::post, "/admin/faults", "{not json").result_int(), 400u);
  EXPECT_THROW(SimServer(fault_options({"http_500:7"})).start(), UsageError);
}

}  // namespace
}  // namespace sonde::sim::testing
