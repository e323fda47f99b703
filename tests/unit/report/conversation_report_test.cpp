// A conversation scenario in the run report: its per-turn table under the scenario table, in
// both languages, and the TTFT-by-turn chart; the concurrency charts leave it out.
#include <gtest/gtest.h>

#include <sstream>

#include "../results/synth_run.hpp"
#include "report/charts.hpp"
#include "report/markdown.hpp"

namespace sonde {
namespace {

// with_cache: the server reported cached tokens: none in turn 1, 128 in later turns except the
// first request of turn 2 (its blocks evicted, say).
RunResult run_with_conversation(std::vector<RequestRecord>& records, bool with_cache = true) {
  RunResult run = testing::synth_seed_run(&records);
  ScenarioSpec spec = testing::spec("chat", 128, 64, LoadShape::closed, 4, 12);
  spec.source = ConversationSource{4, 3, 128, 64, 2, ThinkTime::fixed};
  std::vector<RequestRecord> chat;
  for (int i = 0; i < 12; ++i) {
    RequestRecord r;
    r.scenario = "chat";
    r.index = i;
    r.session = i % 4;
    r.turn = i / 4 + 1;
    r.ok = i != 11;  // one failure in turn 3
    r.input_tokens = r.ok ? 130 + 200 * (i / 4) : 0;
    r.output_tokens = 64;
    if (r.ok) r.ttft_ms = 20.0 + 10 * (i / 4) + (i % 4), r.tpot_ms = 5;
    if (with_cache && r.ok) r.cached_tokens = i < 5 ? 0 : 128;
    chat.push_back(r);
  }
  ScenarioResult sc = testing::synth_scenario(spec, chat);
  sc.turns = summarize_turns(chat);
  run.scenarios.push_back(sc);
  records.insert(records.end(), chat.begin(), chat.end());
  return run;
}

std::string render(const RunResult& run, Lang lang) {
  std::ostringstream out;
  write_markdown_report(run, lang, out);
  return out.str();
}

TEST(ConversationReport, PerTurnTableInBothLanguages) {
  std::vector<RequestRecord> records;
  const RunResult run = run_with_conversation(records);
  const std::string en = render(run, Lang::en);
  EXPECT_NE(en.find("`chat` is 4 conversations of 3 turns each (2 s to think"), std::string::npos)
      << en;
  EXPECT_NE(en.find("| Turn | Requests (ok / sent) | Mean input tokens | Mean cached tokens | "
                    "TTFT p50 / p90 / p99 (ms) | TTFT p50 with / without cache hits (ms) | "
                    "TPOT p50 (ms) |"),
            std::string::npos);
  // Turn 1: TTFT 20..23 ms, nothing cached; turn 2: 30 ms without a hit, 31..33 with; turn 3:
  // three ok of four, 530 tokens each.
  EXPECT_NE(en.find("| 1 | 4 / 4 | 130 | 0 | 21.5 / 22.7 / 23.0 | – / 21.5 | 5.00 |"), std::string::npos)
      << en;
  EXPECT_NE(en.find("| 2 | 4 / 4 | 330 | 96 | 31.5 / 32.7 / 33.0 | 32.0 / 30.0 | 5.00 |"),
            std::string::npos)
      << en;
  EXPECT_NE(en.find("| 3 | 3 / 4 | 530 | 128 |"), std::string::npos) << en;
  // Its lengths in the scenario table: the mean input (11 ok requests), which grows with the
  // history.
  EXPECT_NE(en.find("| chat (closed) | ~312 / 64 |"), std::string::npos) << en;
  const std::string ko = render(run, Lang::ko);
  EXPECT_NE(ko.find("| 턴 | 요청 (성공 / 전송) |"), std::string::npos);
  EXPECT_NE(ko.find("`chat`은(는) 3턴짜리 대화 4개입니다"), std::string::npos);
}

TEST(ConversationReport, TtftByTurnChartAndNotAConcurrencyLevel) {
  std::vector<RequestRecord> records;
  const RunResult run = run_with_conversation(records);
  const auto& m = report::messages_en();
  const auto figures = report::conversation_figures(run, m);
  ASSERT_EQ(figures.size(), 1u);
  ASSERT_EQ(figures[0].svgs.size(), 1u);
  const std::string& svg = figures[0].svgs[0];
  EXPECT_NE(svg.find("TTFT by conversation turn"), std::string::npos);
  for (const char* series :
       {"p50 · ", "p90 · ", "p99 · ", "p50, prefix-cache hit · ", "p50, no hit · "}) {
    EXPECT_NE(svg.find(series), std::string::npos) << series;
  }
  // The seed run's concurrency figures are what they were without the conversation.
  EXPECT_EQ(report::concurrency_figures(run, &records, m).size(), 2u);
  EXPECT_TRUE(report::conversation_figures(testing::synth_seed_run(), m).empty());
}

// A server that did not report cached tokens: dashes in the table, no hit/miss lines.
TEST(ConversationReport, WithoutCachedTokensNoSplit) {
  std::vector<RequestRecord> records;
  const RunResult run = run_with_conversation(records, false);
  const std::string en = render(run, Lang::en);
  EXPECT_NE(en.find("| 1 | 4 / 4 | 130 | – | 21.5 / 22.7 / 23.0 | – / – | 5.00 |"), std::string::npos)
      << en;
  const auto figures = report::conversation_figures(run, report::messages_en());
  ASSERT_EQ(figures.size(), 1u);
  EXPECT_EQ(figures[0].svgs[0].find("prefix-cache hit"), std::string::npos);
}

}  // namespace
}  // namespace sonde
