// A sweep table's mark (bold / ≈) and the conclusions' wording rest on one definition of
// run-to-run spread and significance (analysis/spread.hpp, docs/metrics.md), so they agree.
// The sweep below is one on which the table's former rule (|a − b| > the two groups' own largest
// deviations) and the conclusions' rule (beyond the sweep's pooled relative range) disagreed:
// the long prompts repeat exactly, the short ones vary by 46%.
#include <gtest/gtest.h>

#include <sstream>

#include "findings_fixture.hpp"
#include "report/sweep_markdown.hpp"

namespace sonde {
namespace {

using namespace sonde::testing;

// Two budgets, chunked prefill on, two runs each; TTFT of the 10,000-token prompt per budget.
SweepResult budgets(double ttft_lo, double ttft_hi) {
  auto run = [](double long_ttft, double short_ttft) {
    Figures lone, quick;
    lone.ttft = long_ttft;
    quick.ttft = short_ttft;
    return sim_run({scenario("long", 10000, 1, lone), scenario("short", 1000, 1, quick)});
  };
  return sweep_of(
      {{"max-num-batched-tokens", {"2048", "8192"}}},
      {point("p01", {{"max-num-batched-tokens", "2048"}}, {run(ttft_lo, 100), run(ttft_lo, 160)}),
       point("p02", {{"max-num-batched-tokens", "8192"}}, {run(ttft_hi, 100), run(ttft_hi, 160)})});
}

// The change cell of the `long` row in the TTFT mean table.
std::string ttft_change_cell(const SweepResult& sweep) {
  std::ostringstream out;
  write_sweep_markdown(sweep, Lang::en, out);
  const std::string md = out.str();
  const auto table = md.find("#### TTFT mean (ms)");
  EXPECT_NE(table, std::string::npos) << md;
  const auto row = md.find("| long | 10000 |", table);
  EXPECT_NE(row, std::string::npos) << md;
  const std::string line = md.substr(row, md.find(" |\n", row) - row);
  return line.substr(line.rfind(" | ") + 3);
}

std::string mnbt_text(const SweepResult& sweep) {
  return of_rule(report::sweep_findings(sweep, Lang::en, {}), report::RuleId::max_num_batched_tokens)
      .at(0)
      .text;
}

TEST(SpreadAgreement, ChangeWithinThePooledSpreadIsNoiseInTableAndConclusion) {
  // −10% on the long prompts; the sweep's TTFT spread is (0 + 0.46 + 0 + 0.46) / 4 = 23%.
  const SweepResult sweep = budgets(500, 450);
  EXPECT_EQ(ttft_change_cell(sweep), "≈ -10.0%");  // the former table rule made it **-10.0%**
  EXPECT_TRUE(contains(mnbt_text(sweep), "No tuning needed")) << mnbt_text(sweep);
}

TEST(SpreadAgreement, ChangeBeyondThePooledSpreadIsRealInTableAndConclusion) {
  const SweepResult sweep = budgets(500, 300);  // −40% > 23%
  EXPECT_EQ(ttft_change_cell(sweep), "**-40.0%**");
  EXPECT_TRUE(contains(mnbt_text(sweep), "paid off")) << mnbt_text(sweep);
}

}  // namespace
}  // namespace sonde
