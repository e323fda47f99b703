// A conversation scenario survives run.json both ways (as `sonde report DIR` reads it), and its
// requests keep their session and turn in requests.jsonl.
#include <gtest/gtest.h>

#include "results/json.hpp"

namespace sonde {
namespace {

TEST(ConversationJson, SourceSeedAndTurnsRoundTrip) {
  ScenarioResult s;
  s.spec.name = "chat";
  s.spec.input_len = 128;
  s.spec.output_len = 64;
  s.spec.requests = 16;
  s.spec.concurrency = 4;
  s.spec.source = ConversationSource{4, 4, 128, 64, 1.5, ThinkTime::exponential};
  s.calibration.method = "tokenize";
  s.conversation = ConversationFacts{0xFEDCBA9876543210ULL};
  TurnSummary t;
  t.turn = 2;
  t.requests = 4;
  t.completed = 3;
  t.input_tokens = summarize({300, 310, 320});
  t.ttft_ms = summarize({20, 30, 40});
  t.tpot_ms = summarize({5, 6, 7});
  t.cached_tokens = summarize({0, 256, 256});
  t.ttft_hit_ms = summarize({20, 30});
  t.ttft_miss_ms = summarize({40});
  s.turns = {t};
  const nlohmann::json j = s;
  EXPECT_EQ(j["source"]["kind"], "conversation");
  EXPECT_EQ(j["source"]["users"], 4);
  EXPECT_EQ(j["source"]["think"], "exponential");
  EXPECT_EQ(j["source"]["think_time_s"], 1.5);
  EXPECT_EQ(j["source"]["seed"].get<uint64_t>(), 0xFEDCBA9876543210ULL);
  EXPECT_EQ(j["turns"][0]["turn"], 2);
  EXPECT_EQ(j["turns"][0]["ttft_ms"]["p50"], 30.0);

  const auto back = j.get<ScenarioResult>();
  const auto* src = std::get_if<ConversationSource>(&back.spec.source);
  ASSERT_NE(src, nullptr);
  EXPECT_EQ(src->turns, 4);
  EXPECT_EQ(src->user_len, 128);
  EXPECT_EQ(src->think, ThinkTime::exponential);
  ASSERT_TRUE(back.conversation.has_value());
  EXPECT_EQ(back.conversation->seed, 0xFEDCBA9876543210ULL);
  ASSERT_EQ(back.turns.size(), 1u);
  EXPECT_EQ(back.turns[0].completed, 3);
  EXPECT_DOUBLE_EQ(back.turns[0].input_tokens.mean, 310);
  EXPECT_EQ(back.turns[0].cached_tokens.count, 3u);
  EXPECT_DOUBLE_EQ(back.turns[0].ttft_hit_ms.p50, 25);
  EXPECT_DOUBLE_EQ(back.turns[0].ttft_miss_ms.max, 40);
  // A file written before the hit/miss split reads back with those distributions empty.
  nlohmann::json old = j["turns"][0];
  old.erase("cached_tokens"), old.erase("ttft_hit_ms"), old.erase("ttft_miss_ms");
  EXPECT_EQ(old.get<TurnSummary>().ttft_hit_ms.count, 0u);

  // Other scenarios write no `turns`.
  ScenarioResult plain;
  plain.spec.name = "p";
  EXPECT_FALSE(nlohmann::json(plain).contains("turns"));
}

TEST(ConversationJson, RecordsKeepSessionAndTurn) {
  RequestRecord r;
  r.scenario = "chat";
  r.index = 5;
  r.session = 1;
  r.turn = 2;
  const nlohmann::json j = r;
  EXPECT_EQ(j["session"], 1);
  EXPECT_EQ(j["turn"], 2);
  const auto back = j.get<RequestRecord>();
  EXPECT_EQ(back.session, 1);
  EXPECT_EQ(back.turn, 2);
  RequestRecord plain;
  const nlohmann::json pj = plain;
  EXPECT_FALSE(pj.contains("session"));
  EXPECT_FALSE(pj.contains("turn"));
  EXPECT_FALSE(pj.get<RequestRecord>().turn.has_value());
}

}  // namespace
}  // namespace sonde
