// Conversation scenarios: the plan's turns (history, ids, think times, where a session ends),
// and a whole conversation run against the in-process simulator, whose prefix cache must serve
// each turn's history: the earlier prompts and the replies sent back.
#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "runner/conversation_plan.hpp"
#include "runner/scenario_exec.hpp"
#include "sim/sim_server.hpp"
#include "workload/corpus.hpp"

namespace sonde {
namespace {

ConversationSetup setup(ApiEndpoint api, int users, int turns, double think_s = 0,
                        ThinkTime think = ThinkTime::fixed) {
  ConversationSetup s;
  s.source = ConversationSource{users, turns, 64, 8, think_s, think};
  s.scenario = "chat";
  s.run_id = "ab12";
  s.endpoint = Endpoint{"http://127.0.0.1:1", api, std::nullopt};
  s.model = "m";
  s.params.max_tokens = 8;
  for (int i = 0; i < users * turns; ++i) s.user.push_back("message " + std::to_string(i));
  s.seed = 7;
  s.time_scale = 2;
  return s;
}

RequestRecord ok_record() {
  RequestRecord r;
  r.ok = true;
  return r;
}

nlohmann::json messages_of(const PreparedRequest& r) {
  return nlohmann::json::parse(r.body).at("messages");
}

TEST(ConversationPlan, FirstTurnsThenEachNextTurnCarriesTheWholeHistory) {
  Conversations c(setup(ApiEndpoint::chat, 2, 3, 3.0));
  const auto first = c.first_turns();
  ASSERT_EQ(first.size(), 2u);
  for (int s = 0; s < 2; ++s) {
    const PreparedRequest& r = first[static_cast<std::size_t>(s)];
    EXPECT_EQ(r.index, s);
    EXPECT_EQ(r.session, s);
    EXPECT_EQ(r.turn, 1);
    EXPECT_TRUE(r.keep_reply);
    EXPECT_EQ(r.x_request_id, "sonde-ab12-chat-" + std::to_string(s));
    EXPECT_EQ(messages_of(r), nlohmann::json::parse(R"([{"role": "user", "content": "message )" +
                                                    std::to_string(s) + "\"}]"));
    const auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body.at("max_tokens"), 8);
    EXPECT_EQ(body.at("ignore_eos"), true);
    EXPECT_EQ(body.at("stream"), true);
  }
  // Session 1's reply arrives at 10 s: turn 2 is due 3 s / time scale 2 later.
  const auto second = c.next(first[1], ok_record(), " the reply", 10.0);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->session, 1);
  EXPECT_EQ(second->turn, 2);
  EXPECT_EQ(second->index, 3);  // (turn - 1) × users + session
  EXPECT_EQ(second->input_tokens_target, 2 * 64 + 8);
  ASSERT_TRUE(second->intended_offset_s.has_value());
  EXPECT_DOUBLE_EQ(*second->intended_offset_s, 11.5);
  EXPECT_EQ(messages_of(*second), nlohmann::json::parse(R"([
      {"role": "user", "content": "message 1"},
      {"role": "assistant", "content": " the reply"},
      {"role": "user", "content": "message 3"}])"));
  const auto third = c.next(*second, ok_record(), " again", 20.0);
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->turn, 3);
  EXPECT_FALSE(third->keep_reply);  // the last reply is never sent back
  EXPECT_EQ(messages_of(*third).size(), 5u);
  EXPECT_EQ(messages_of(*third)[3]["content"], " again");
  EXPECT_FALSE(c.next(*third, ok_record(), "", 30.0).has_value());  // the last turn
  // Session 0 is untouched by session 1's turns.
  const auto zero = c.next(first[0], ok_record(), " mine", 5.0);
  ASSERT_TRUE(zero.has_value());
  EXPECT_EQ(messages_of(*zero)[2]["content"], "message 2");
}

TEST(ConversationPlan, AFailedTurnEndsItsSession) {
  Conversations c(setup(ApiEndpoint::chat, 1, 3));
  const auto first = c.first_turns();
  RequestRecord failed;
  failed.ok = false;
  EXPECT_FALSE(c.next(first[0], failed, "", 1.0).has_value());
}

TEST(ConversationPlan, CompletionsSendTheHistoryAsOnePromptThatGrowsByAppending) {
  Conversations c(setup(ApiEndpoint::completions, 1, 3));
  const auto first = c.first_turns();
  const std::string p1 = nlohmann::json::parse(first[0].body).at("prompt");
  EXPECT_EQ(p1, "User: message 0\n\nAssistant:");
  const auto second = c.next(first[0], ok_record(), " the reply.", 1.0);
  const std::string p2 = nlohmann::json::parse(second->body).at("prompt");
  EXPECT_EQ(p2, p1 + " the reply.\n\nUser: message 1\n\nAssistant:");
  const auto third = c.next(*second, ok_record(), " more", 2.0);
  const std::string p3 = nlohmann::json::parse(third->body).at("prompt");
  EXPECT_EQ(p3.substr(0, p2.size() + 5), p2 + " more");
}

TEST(ConversationPlan, ExponentialThinkTimesAreSeededPerSession) {
  const auto offsets = [](uint64_t seed) {
    ConversationSetup s = setup(ApiEndpoint::chat, 2, 400, 2.0, ThinkTime::exponential);
    s.seed = seed;
    s.time_scale = 1;
    Conversations c(std::move(s));
    auto turn = c.first_turns();
    std::vector<double> out;
    // Session 1 first: session 0's draws must not depend on the order sessions finish in.
    for (int s : {1, 0}) {
      PreparedRequest r = turn[static_cast<std::size_t>(s)];
      for (int k = 1; k < 400; ++k) {
        r = *c.next(r, ok_record(), "x", 0.0);
        out.push_back(*r.intended_offset_s);
      }
    }
    return out;
  };
  const auto a = offsets(7), b = offsets(7), other = offsets(8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, other);
  double sum = 0;
  for (double x : a) {
    EXPECT_GE(x, 0);
    sum += x;
  }
  EXPECT_NEAR(sum / double(a.size()), 2.0, 0.3);  // the mean asked for (798 draws)
}

TEST(ConversationPlan, PlannedListsEveryTurnInIndexOrder) {
  Conversations c(setup(ApiEndpoint::chat, 3, 2));
  const auto planned = c.planned();
  ASSERT_EQ(planned.size(), 6u);
  for (std::size_t i = 0; i < planned.size(); ++i) {
    EXPECT_EQ(planned[i].index, static_cast<int>(i));
    EXPECT_EQ(planned[i].session, static_cast<int>(i % 3));
    EXPECT_EQ(planned[i].turn, static_cast<int>(i / 3) + 1);
  }
}

SimOptions sim_options(bool prefix_caching) {
  SimOptions o;
  o.port = 0;
  o.model = "test/model";
  o.served_model_name = "m";
  o.max_model_len = 16384;
  o.speed = 1e6;
  o.enable_prefix_caching = prefix_caching;
  return o;
}

struct Ran {
  std::vector<RequestRecord> records;
  int64_t hits = 0;     // the simulator's prefix-cache hits (tokens)
  int64_t queries = 0;  // and queries (tokens)
};

Ran run_conversations(bool prefix_caching, ApiEndpoint api) {
  SimServer sim(sim_options(prefix_caching));
  sim.start();
  const Endpoint ep{"http://127.0.0.1:" + std::to_string(sim.port()), api, std::nullopt};
  const Corpus corpus = Corpus::load("en");
  PromptFactory prompts(corpus, 5);
  ServerTokenCounter counter(ep, "m");
  RequestFactory f{ep, "m", "ab12cd34", GenerationParams{}, prompts, counter, 1, 0};
  f.params.ignore_eos = true;
  ScenarioSpec spec;
  spec.name = "chat";
  spec.source = ConversationSource{3, 4, 64, 24, 0, ThinkTime::fixed};
  spec.input_len = 64;
  spec.output_len = 24;
  spec.requests = 12;
  spec.concurrency = 3;
  PromptCalibration cal;
  PreparedSource prepared;
  const DispatchPlan plan = prepare_scenario(f, spec, cal, 1, &prepared);
  EXPECT_EQ(plan.requests.size(), 3u);  // turn 1 of each session; the rest follow
  EXPECT_EQ(prepared.planned.size(), 12u);
  EXPECT_TRUE(prepared.conversation.has_value());
  const SimStats before = sim.stats();
  ClientConfig config;
  config.base_url = ep.base_url;
  config.endpoint = ep.path();
  config.threads = 2;
  Ran ran;
  run_plan(config, plan, Clock::now(),
           [&](RequestRecord&& r) { ran.records.push_back(std::move(r)); });
  const SimStats after = sim.stats();
  sim.stop();
  ran.hits = after.prefix_cache_hits_total - before.prefix_cache_hits_total;
  ran.queries = after.prefix_cache_queries_total - before.prefix_cache_queries_total;
  return ran;
}

// The tokens a prefix cache can serve turn k + 1 of a session: turn k's prompt and reply in
// whole 16-token blocks, less the reply's last token (its KV is never computed).
int64_t servable(const RequestRecord& earlier) {
  return (earlier.input_tokens + earlier.output_tokens - 1) / 16 * 16;
}

void check_history_is_served(ApiEndpoint api) {
  const Ran ran = run_conversations(true, api);
  ASSERT_EQ(ran.records.size(), 12u);
  std::map<std::pair<int, int>, const RequestRecord*> by_turn;
  for (const auto& r : ran.records) {
    ASSERT_TRUE(r.ok) << (r.error ? r.error->message : "");
    ASSERT_TRUE(r.session && r.turn);
    EXPECT_EQ(r.index, (*r.turn - 1) * 3 + *r.session);
    EXPECT_EQ(r.output_tokens, 24);
    by_turn[{*r.session, *r.turn}] = &r;
  }
  ASSERT_EQ(by_turn.size(), 12u);
  int64_t servable_tokens = 0;
  for (int s = 0; s < 3; ++s) {
    for (int t = 2; t <= 4; ++t) {
      const RequestRecord& prev = *by_turn[{s, t - 1}];
      const RequestRecord& now = *by_turn[{s, t}];
      // The history (every earlier prompt and reply) and a new message of ~64 tokens.
      EXPECT_GE(now.input_tokens, prev.input_tokens + prev.output_tokens + 50) << s << " " << t;
      EXPECT_GE(now.start_ms, prev.end_ms);  // a closed loop: the reply came first
      servable_tokens += servable(prev);
    }
  }
  // Every servable block was served: the replies came back as the tokens the server generated.
  EXPECT_EQ(ran.hits, servable_tokens);
}

TEST(ConversationSim, ChatHistoryHitsThePrefixCacheReplyIncluded) {
  check_history_is_served(ApiEndpoint::chat);
}

TEST(ConversationSim, CompletionsHistoryHitsThePrefixCacheReplyIncluded) {
  check_history_is_served(ApiEndpoint::completions);
}

TEST(ConversationSim, NoPrefixCachingNoHits) {
  const Ran ran = run_conversations(false, ApiEndpoint::chat);
  ASSERT_EQ(ran.records.size(), 12u);
  EXPECT_EQ(ran.hits, 0);
}

}  // namespace
}  // namespace sonde
