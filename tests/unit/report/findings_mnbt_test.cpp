// Rule max_num_batched_tokens: raise, lower, trade-off or leave alone, from TTFT of long
// prompts against ITL p99 of concurrent streams.
#include <gtest/gtest.h>

#include "findings_fixture.hpp"

namespace sonde {
namespace {

using namespace sonde::testing;

// Two budgets, chunked prefill on (or off). Long prompt TTFT and busy ITL p99 at each.
SweepResult budgets(double ttft_lo, double ttft_hi, double itl_lo, double itl_hi,
                    bool chunked = true) {
  auto run = [](double ttft, double itl) {
    Figures lone, busy;
    lone.ttft = ttft;
    busy.itl_p99 = itl;
    return sim_run({scenario("long", 10000, 1, lone), scenario("busy", 1000, 4, busy)});
  };
  const std::string on = chunked ? "true" : "false";
  const std::string lo = chunked ? "2048" : "12288", hi = chunked ? "8192" : "16384";
  return sweep_of({{"max-num-batched-tokens", {lo, hi}}},
                  {point("p01", {{"enable-chunked-prefill", on}, {"max-num-batched-tokens", lo}},
                         {run(ttft_lo, itl_lo)}),
                   point("p02", {{"enable-chunked-prefill", on}, {"max-num-batched-tokens", hi}},
                         {run(ttft_hi, itl_hi)})});
}

report::Finding mnbt(const SweepResult& s, Lang lang = Lang::en) {
  return of_rule(report::sweep_findings(s, lang, {}), report::RuleId::max_num_batched_tokens).at(0);
}

TEST(FindingMnbt, TradeOff) {
  const auto f = mnbt(budgets(500, 300, 20, 35));
  EXPECT_TRUE(f.measured);
  EXPECT_TRUE(
      contains(f.text, "A trade-off: raising `--max-num-batched-tokens` from 2,048 to 8,192"))
      << f.text;
  EXPECT_TRUE(contains(f.text, "longer than 2,048 tokens by −40.0%")) << f.text;
  EXPECT_TRUE(contains(f.text, "meanwhile by +75.0%")) << f.text;
  EXPECT_TRUE(contains(f.evidence, "p01 ↔ p02")) << f.evidence;
  EXPECT_TRUE(contains(mnbt(budgets(500, 300, 20, 35), Lang::ko).text, "맞교환")) << f.text;
}

TEST(FindingMnbt, RaiseWhenOnlyTtftMoves) {
  const auto f = mnbt(budgets(500, 300, 20, 20));
  EXPECT_TRUE(contains(f.text, "paid off")) << f.text;
  EXPECT_TRUE(contains(f.text, "Use 8,192 or more.")) << f.text;
}

TEST(FindingMnbt, LowerWhenOnlyItlWorsens) {
  const auto f = mnbt(budgets(500, 500, 20, 35));
  EXPECT_TRUE(contains(f.text, "did not pay off")) << f.text;
  EXPECT_TRUE(contains(f.text, "Keep it at 2,048.")) << f.text;
}

TEST(FindingMnbt, LeaveAloneWithinNoise) {
  const auto f = mnbt(budgets(500, 498, 20, 20.1));
  EXPECT_TRUE(f.measured);
  EXPECT_TRUE(contains(f.text, "No tuning needed")) << f.text;
}

TEST(FindingMnbt, NotMeasuredWithChunkedPrefillOffOrASingleValue) {
  EXPECT_FALSE(mnbt(budgets(500, 300, 20, 35, false)).measured);
  SweepResult one = budgets(500, 300, 20, 35);
  one.points[1].settings[1].second = "2048";
  const auto f = mnbt(one);
  EXPECT_FALSE(f.measured);
  EXPECT_TRUE(contains(f.text, "--max-num-batched-tokens")) << f.text;
}

}  // namespace
}  // namespace sonde
