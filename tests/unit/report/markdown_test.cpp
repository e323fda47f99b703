// Properties of the report that must hold whatever the wording: these catch a broken golden
// being accepted by SONDE_UPDATE_GOLDEN=1 without a careful look.
#include "report/markdown.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "results/json.hpp"

namespace sonde {
namespace {

RunResult fixture(const std::string& name) {
  return read_run_json(std::string(SONDE_FIXTURES) + "/report/" + name + ".run.json");
}

std::string render(const RunResult& run, Lang lang) {
  std::ostringstream out;
  write_markdown_report(run, lang, out);
  return out.str();
}

TEST(MarkdownReport, SimulatedRunSaysSoInBoldRightAfterTheTitle) {
  const std::string ko = render(fixture("seed_sim"), Lang::ko);
  const auto title_end = ko.find("\n\n");
  EXPECT_EQ(0u, ko.find("# vLLM 성능 분석 리포트"));
  EXPECT_EQ("**", ko.substr(title_end + 2, 2));
  EXPECT_NE(std::string::npos, ko.find("시뮬레이터", title_end));
  EXPECT_NE(std::string::npos, ko.find("20배"));
  const std::string en = render(fixture("seed_sim"), Lang::en);
  EXPECT_NE(std::string::npos, en.find("**These figures come from sonde's built-in simulator"));
}

TEST(MarkdownReport, InvalidRunOpensWithABannerNamingEachScenarioAndWhy) {
  RunResult run = fixture("seed_sim");
  EXPECT_EQ(std::string::npos, render(run, Lang::en).find("Not a valid measurement"));
  auto& none = run.scenarios[0];
  none.summary.completed = 0;
  none.summary.failed = 4;
  none.valid = false;
  none.invalid_reasons = {InvalidReason::no_success, InvalidReason::too_many_failed};
  auto& some = run.scenarios[1];
  some.summary.completed = 8;
  some.summary.failed = 2;
  some.valid = false;
  some.invalid_reasons = {InvalidReason::too_many_failed};
  run.valid = false;
  run.options.max_failed_pct = 5;
  for (Lang lang : {Lang::en, Lang::ko}) {
    const std::string md = render(run, lang);
    const std::string head = md.substr(0, md.find("\n## "));
    EXPECT_NE(std::string::npos, head.find("> **")) << head;
    EXPECT_NE(std::string::npos, head.find("`" + none.spec.name + "`")) << head;
    EXPECT_NE(std::string::npos, head.find("`" + some.spec.name + "`: 20%")) << head;
    EXPECT_NE(std::string::npos, head.find("--max-failed-pct")) << head;
    EXPECT_EQ(std::string::npos, head.find("100%")) << "no success already says all failed: " << head;
  }
  EXPECT_NE(
      std::string::npos,
      render(run, Lang::en).find("`" + none.spec.name + "`: no request succeeded (4 of 4 failed)"));
}

TEST(MarkdownReport, GoodputColumnOnlyWhenAskedFor) {
  RunResult run = fixture("seed_sim");
  EXPECT_EQ(std::string::npos, render(run, Lang::en).find("Goodput"));
  run.options.goodput = parse_goodput("ttft:500 tpot:50", "--goodput");
  for (auto& sc : run.scenarios) sc.goodput = GoodputResult{run.options.goodput, 3, 4, 75, 1.5};
  const std::string en = render(run, Lang::en);
  EXPECT_NE(std::string::npos, en.find("Goodput `ttft:500 tpot:50`")) << en;
  EXPECT_NE(std::string::npos, en.find("75% (3/4) · 1.5")) << en;
}

TEST(MarkdownReport, EnergyColumnAndNoteOnlyWhenMeasured) {
  RunResult run = fixture("seed_sim");
  EXPECT_EQ(std::string::npos, render(run, Lang::en).find("J/token"));
  EnergyRecord e;
  e.source = "dcgm:energy_counter";
  e.joules = 640;
  e.mean_power_w = 412.3;
  e.output_tokens = 2000;
  e.joules_per_output_token = 0.32;
  for (auto& sc : run.scenarios) sc.energy = e;
  const std::string en = render(run, Lang::en);
  EXPECT_NE(std::string::npos, en.find("GPU J/token (mean W)")) << en;
  EXPECT_NE(std::string::npos, en.find("0.320 (412 W)")) << en;
  EXPECT_NE(std::string::npos, en.find("Read from: `dcgm:energy_counter`.")) << en;
  const std::string ko = render(run, Lang::ko);
  EXPECT_NE(std::string::npos, ko.find("GPU J/토큰 (평균 W)"));
  EXPECT_NE(std::string::npos, ko.find("0.320 (412 W)"));
}

TEST(MarkdownReport, SpeculativeDecodingExplainsChunksAndTokens) {
  RunResult run = fixture("seed_sim");
  EXPECT_EQ(std::string::npos, render(run, Lang::en).find("speculative decoding"));
  SpecDecodeRecord s;
  s.drafts = 100;
  s.draft_tokens = 300;
  s.accepted_tokens = 210;
  s.acceptance_rate = 0.7;
  s.mean_acceptance_length = 3.1;
  run.scenarios.back().spec_decode = s;
  const std::string en = render(run, Lang::en);
  const std::string name = run.scenarios.back().spec.name;
  EXPECT_NE(std::string::npos,
            en.find("`" + name +
                    "` ran with speculative decoding: 70% of draft tokens were "
                    "accepted, 3.1 tokens per verification step on average (100 drafts)"))
      << en;
  EXPECT_NE(std::string::npos, en.find("ITL is measured per chunk and TPOT per token"));
  EXPECT_NE(std::string::npos, render(run, Lang::ko).find("ITL은 청크 단위, TPOT은 토큰 단위"));
}

TEST(MarkdownReport, CapacitySectionOnlyForCapacityRuns) {
  RunResult run = fixture("seed_sim");
  EXPECT_EQ(std::string::npos, render(run, Lang::en).find("Capacity under SLOs"));
  CapacityResult c;
  c.slos = parse_goodput("ttft:500", "--goodput");
  c.status = "found";
  c.capacity = c.capacity_rps = 6;
  c.capacity_output_tps = 700;
  c.bracket_lo = 6;
  c.bracket_hi = 6.5;
  for (double load : {4.0, 8.0, 6.0, 6.5, 6.0}) {
    CapacityProbe p;
    p.scenario = "probe_" + std::to_string(static_cast<int>(load * 10));
    p.load = p.rate = load;
    p.attainment_pct = load <= 6 ? 92.5 : 70;
    p.passed = load <= 6;
    p.saturated = load == 8;
    c.probes.push_back(p);
  }
  c.probes.back().verification = true;
  run.capacity = c;
  const std::string en = render(run, Lang::en);
  const auto at = en.find("## Capacity under SLOs");
  ASSERT_NE(std::string::npos, at);
  EXPECT_NE(std::string::npos, en.find("Capacity: **6 req/s**", at));
  EXPECT_NE(std::string::npos, en.find("`ttft:500`", at));
  EXPECT_NE(std::string::npos, en.find("Bracket [6, 6.5], 5 probes", at));
  EXPECT_NE(std::string::npos, en.find("saturated (queue only grew)", at));
  EXPECT_NE(std::string::npos, en.find("meets (repeat)", at));
  EXPECT_NE(std::string::npos, en.find("(capacity-attainment.svg)", at));
  EXPECT_NE(std::string::npos, render(run, Lang::ko).find("SLO 기준 처리 용량"));
  run.capacity->status = "lowest_fails";
  run.capacity->capacity.reset();
  EXPECT_NE(std::string::npos,
            render(run, Lang::en).find("The lowest load probed, 6 req/s, already failed: 92.5 %"));
}

TEST(MarkdownReport, RealRunHasNoSimulatorBanner) {
  const std::string en = render(fixture("mixed_real"), Lang::en);
  EXPECT_EQ(std::string::npos, en.find("simulator"));
  EXPECT_NE(std::string::npos, en.find("The run did not finish"));
}

TEST(MarkdownReport, NamesTheMeasuringClientAtItsBusiestScenario) {
  RunResult run = fixture("seed_sim");
  EXPECT_EQ(std::string::npos, render(run, Lang::en).find("Measuring client"));  // not recorded
  ASSERT_GE(run.scenarios.size(), 3u);
  run.scenarios[0].client_health = ClientHealth{2.25, 0.1, 0.05, 3.5, 4.2, 1, "native"};
  run.scenarios[2].client_health = ClientHealth{0.5, 2.0, 0.2, 2.0, 37.6, 3, "native"};
  const std::string en = render(run, Lang::en);
  const std::string expected =
      "Measuring client: sonde, native transport, 3 event-loop thread(s); its own "
      "CPU peaked at 38 % of them (scenario `" +
      run.scenarios[2].spec.name + "`), its receive backlog at 2.2 ms.";
  EXPECT_NE(std::string::npos, en.find(expected)) << en.substr(0, 4000);
  EXPECT_LT(en.find(expected), en.find("## 2."));  // with the environment, in section 1
  EXPECT_NE(std::string::npos, render(run, Lang::ko).find("측정 클라이언트: sonde, native 전송"));
}

TEST(MarkdownReport, HasTheFiveSectionsOfTheUsersTemplateInOrder) {
  const std::string ko = render(fixture("seed_sim"), Lang::ko);
  std::size_t at = 0;
  for (const char* h : {"## 1. 테스트 환경", "## 2. 벤치마크 결과 요약", "## 3. 동시성 테스트 결과",
                        "## 4. Chunked Prefill 비교", "## 5. 결론"}) {
    const auto pos = ko.find(h, at);
    ASSERT_NE(std::string::npos, pos) << h;
    at = pos;
  }
}

TEST(MarkdownReport, ScenariosGoToTheRightTable) {
  const std::string en = render(fixture("seed_sim"), Lang::en);
  const auto sec3 = en.find("## 3.");
  const auto sec4 = en.find("## 4.");
  EXPECT_LT(en.find("| short_1k |"), sec3);
  EXPECT_LT(en.find("| verylong_10k |"), sec3);
  // The burst concurrency_1 belongs with its siblings, as in the user's concurrency table.
  const auto c1 = en.find("| 1 | concurrency_1 (burst) |");
  EXPECT_GT(c1, sec3);
  EXPECT_LT(c1, sec4);
}

TEST(MarkdownReport, NoNaNOrInfinityEverReachesTheReader) {
  RunResult run = fixture("mixed_real");
  run.scenarios.push_back(run.scenarios[0]);
  run.scenarios.back().spec.name = "empty";
  run.scenarios.back().summary = ScenarioSummary{};  // every distribution NaN
  for (Lang lang : {Lang::ko, Lang::en}) {
    const std::string text = render(run, lang);
    EXPECT_EQ(std::string::npos, text.find("nan")) << to_string(lang);
    EXPECT_EQ(std::string::npos, text.find("inf ")) << to_string(lang);
    EXPECT_NE(std::string::npos, text.find("| empty | 1,000 / — |")) << to_string(lang);
  }
}

TEST(MarkdownReport, EmptyRunStillRendersEverySection) {
  RunResult run = fixture("mixed_real");
  run.scenarios.clear();
  const std::string en = render(run, Lang::en);
  EXPECT_NE(std::string::npos, en.find("no per-input-length scenarios"));
  EXPECT_NE(std::string::npos, en.find("no concurrency scenarios"));
  EXPECT_NE(std::string::npos, en.find("## 5. Conclusions"));
}

TEST(MarkdownReport, PipeInAScenarioNameDoesNotBreakTheTable) {
  RunResult run = fixture("mixed_real");
  run.scenarios[0].spec.name = "a|b";
  EXPECT_NE(std::string::npos, render(run, Lang::en).find("| a\\|b |"));
}

}  // namespace
}  // namespace sonde
