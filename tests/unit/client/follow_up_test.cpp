// DispatchPlan::follow_up against the scripted loopback server, over both transports: requests
// built when an earlier one finishes, from its reply text (kept only when asked), sent at their
// intended instant on the worker that ran the earlier one.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "client/client.hpp"
#include "script_server.hpp"

namespace sonde {
namespace {

using namespace std::chrono_literals;
using test::Script;
using test::ScriptServer;
using test::SeenRequest;
using test::sse;

std::string token(const std::string& text) {
  return sse(R"({"id":"c1","choices":[{"index":0,"delta":{"content":")" + text +
             R"("},"finish_reason":null}]})");
}
const std::string kEnd =
    sse(R"({"id":"c1","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3}})") +
    sse("[DONE]");

// Answers "<x> says hi" in three chunks, where x is the request body.
Script echo(const SeenRequest& seen) {
  return Script{.body = {{0ms, token("<" + seen.body + ">")},
                         {0ms, token(" says")},
                         {0ms, token(" hi") + kEnd}}};
}

ClientConfig config_for(const ScriptServer& server, ClientTransport transport) {
  ClientConfig c;
  c.transport = transport;
  c.base_url = server.base_url();
  c.endpoint = "/v1/chat/completions";
  c.timeouts = Timeouts{.connect_s = 5, .first_token_s = 10, .idle_s = 10, .total_s = 20};
  return c;
}

PreparedRequest turn_request(int session, int turn, std::string body, bool keep) {
  PreparedRequest r;
  r.scenario = "chat";
  r.index = (turn - 1) * 2 + session;
  r.x_request_id = "req-" + std::to_string(r.index);
  r.body = std::move(body);
  r.output_tokens_target = 3;
  r.session = session;
  r.turn = turn;
  r.keep_reply = keep;
  return r;
}

class RunPlanFollowUp : public ::testing::TestWithParam<ClientTransport> {};
INSTANTIATE_TEST_SUITE_P(Transports, RunPlanFollowUp,
                         ::testing::Values(ClientTransport::native, ClientTransport::curl),
                         [](const auto& info) {
                           return info.param == ClientTransport::native ? "native" : "curl";
                         });

TEST_P(RunPlanFollowUp, EachTurnIsBuiltFromThePreviousReplyAndDueAfterIt) {
  ScriptServer server(echo);
  std::mutex mu;
  std::map<int, std::string> replies;  // by request index
  std::map<int, double> ended;         // by request index: ended_s seen by follow_up
  DispatchPlan plan;
  for (int s = 0; s < 2; ++s)
    plan.requests.push_back(turn_request(s, 1, "s" + std::to_string(s), true));
  plan.follow_up = [&](const PreparedRequest& done, const RequestRecord& record,
                       std::string_view reply, double ended_s) -> std::optional<PreparedRequest> {
    {
      std::lock_guard lock(mu);
      replies[done.index] = std::string(reply);
      ended[done.index] = ended_s;
    }
    if (!record.ok || *done.turn == 3) return std::nullopt;
    PreparedRequest next =
        turn_request(*done.session, *done.turn + 1, std::string(reply), *done.turn + 1 < 3);
    next.intended_offset_s = ended_s + 0.03;
    return next;
  };
  ClientConfig config = config_for(server, GetParam());
  config.threads = 2;
  std::vector<RequestRecord> records;
  run_plan(config, plan, Clock::now(), [&](RequestRecord&& r) { records.push_back(std::move(r)); });
  ASSERT_EQ(records.size(), 6u);
  std::sort(records.begin(), records.end(),
            [](const auto& a, const auto& b) { return a.index < b.index; });
  for (const auto& r : records) {
    ASSERT_TRUE(r.ok) << (r.error ? r.error->message : "");
    EXPECT_EQ(r.index, (*r.turn - 1) * 2 + *r.session);
  }
  // Turn k's body is turn k - 1's reply, text exactly as streamed: the history grows.
  EXPECT_EQ(replies[0], "<s0> says hi");
  EXPECT_EQ(replies[2], "<<s0> says hi> says hi");
  EXPECT_EQ(replies[5], "");  // turn 3 did not ask to keep its reply
  const auto seen = server.requests();
  EXPECT_EQ(std::count_if(seen.begin(), seen.end(),
                          [](const SeenRequest& r) { return r.body == "<<s1> says hi> says hi"; }),
            1);
  for (int i = 2; i < 6; ++i) {
    const RequestRecord& prev = records[static_cast<std::size_t>(i - 2)];
    const RequestRecord& now = records[static_cast<std::size_t>(i)];
    EXPECT_NEAR(now.intended_start_ms, ended[i - 2] * 1000 + 30, 1e-3);
    EXPECT_GE(now.intended_start_ms, prev.end_ms + 30 - 1e-3);
    EXPECT_GE(now.start_ms, now.intended_start_ms);
  }
}

TEST_P(RunPlanFollowUp, AFollowUpDueLaterDoesNotHoldBackOneDueSooner) {
  // Session 1's first reply comes 50 ms after session 0's, so session 0's follow-up is queued
  // first.
  ScriptServer server([](const SeenRequest& seen) {
    Script s = echo(seen);
    if (seen.body == "s1") s.body[0].delay = 50ms;
    return s;
  });
  DispatchPlan plan;
  for (int s = 0; s < 2; ++s)
    plan.requests.push_back(turn_request(s, 1, "s" + std::to_string(s), false));
  // Session 0 (finishing first, queued first) waits 0.4 s; session 1 goes at once.
  plan.follow_up = [](const PreparedRequest& done, const RequestRecord&, std::string_view,
                      double ended_s) -> std::optional<PreparedRequest> {
    if (*done.turn == 2) return std::nullopt;
    PreparedRequest next = turn_request(*done.session, 2, "again", false);
    next.intended_offset_s = ended_s + (*done.session == 0 ? 0.4 : 0.0);
    return next;
  };
  ClientConfig config = config_for(server, GetParam());
  config.threads = 1;
  std::vector<RequestRecord> records;
  run_plan(config, plan, Clock::now(), [&](RequestRecord&& r) { records.push_back(std::move(r)); });
  ASSERT_EQ(records.size(), 4u);
  std::map<int, const RequestRecord*> by_index;
  for (const auto& r : records) by_index[r.index] = &r;
  // Session 1's turn 2 went right after its reply, long before session 0's was due.
  EXPECT_LT(by_index[3]->start_ms, by_index[2]->intended_start_ms - 200);
  EXPECT_GE(by_index[2]->start_ms, by_index[2]->intended_start_ms);
}

}  // namespace
}  // namespace sonde
