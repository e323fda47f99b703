// Rule chunked_prefill: where ON helped or hurt, per scenario, beyond noise.
#include <gtest/gtest.h>

#include "findings_fixture.hpp"

namespace sonde {
namespace {

using namespace sonde::testing;

// OFF: a lone long prompt prefills in one step (lower TTFT), but streams decoding beside long
// prompts stall (higher ITL p99). `k` scales the ON point's difference (1: as above, 0: none).
SweepResult on_off(double k) {
  Figures lone_on, lone_off, busy_on, busy_off;
  lone_off.ttft = 400, lone_on.ttft = 400 + 200 * k;
  busy_off.itl_p99 = 60, busy_on.itl_p99 = 60 - 30 * k;
  auto run = [](const Figures& lone, const Figures& busy) {
    return sim_run({scenario("lone", 10000, 1, lone), scenario("busy", 10000, 4, busy)});
  };
  return sweep_of(
      {{"enable-chunked-prefill", {"true", "false"}}},
      {point("p01", {{"enable-chunked-prefill", "true"}, {"max-num-batched-tokens", "2048"}},
             {run(lone_on, busy_on)}),
       point("p02", {{"enable-chunked-prefill", "false"}, {"max-num-batched-tokens", "12288"}},
             {run(lone_off, busy_off)})});
}

report::Finding chunked(const SweepResult& s, Lang lang = Lang::en) {
  return of_rule(report::sweep_findings(s, lang, {}), report::RuleId::chunked_prefill).at(0);
}

TEST(FindingChunkedPrefill, HelpedAndHurtWithSigns) {
  const auto f = chunked(on_off(1));
  EXPECT_TRUE(f.measured);
  EXPECT_TRUE(
      contains(f.text, "ON helped: `busy` (10,000 tok) ITL p99 −50.0% (OFF 60.0 ms → ON 30.0 ms)"))
      << f.text;
  EXPECT_TRUE(contains(
      f.text, "ON hurt: `lone` (10,000 tok) TTFT mean +50.0% (OFF 400.0 ms → ON 600.0 ms)"))
      << f.text;
  EXPECT_TRUE(contains(f.evidence, "p02 (OFF) ↔ p01 (ON)")) << f.evidence;
  const auto ko = chunked(on_off(1), Lang::ko);
  EXPECT_TRUE(contains(ko.text, "ON이 도움: `busy`(10,000 토큰) ITL p99 −50.0%")) << ko.text;
  EXPECT_TRUE(contains(ko.text, "ON이 손해: `lone`(10,000 토큰) TTFT mean +50.0%")) << ko.text;
}

TEST(FindingChunkedPrefill, NoClaimWithinNoise) {
  const auto f = chunked(on_off(0.01));  // 0.5 % differences
  EXPECT_TRUE(f.measured);
  EXPECT_FALSE(contains(f.text, "helped")) << f.text;
  EXPECT_FALSE(contains(f.text, "hurt")) << f.text;
  EXPECT_TRUE(contains(f.text, "changed nothing beyond noise")) << f.text;
  EXPECT_TRUE(contains(f.text, "No clear change in `lone`, `busy`")) << f.text;
}

TEST(FindingChunkedPrefill, NotMeasuredWithoutBothSettings) {
  SweepResult s = on_off(1);
  s.points[1].settings[0].second = "true";
  s.axes = {{"max-num-batched-tokens", {"2048", "12288"}}};
  const auto f = chunked(s);
  EXPECT_FALSE(f.measured);
  EXPECT_TRUE(contains(f.text, "enable-chunked-prefill: [true, false]")) << f.text;
  EXPECT_FALSE(of_rule(report::run_findings(s.points[0].runs[0], Lang::en, {}),
                       report::RuleId::chunked_prefill)
                   .at(0)
                   .measured);
}

}  // namespace
}  // namespace sonde
