// SLO and goal parsing, and the Markdown/HTML layout of findings.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "findings_fixture.hpp"

namespace sonde {
namespace {

using namespace sonde::testing;

TEST(FindingParse, Slo) {
  std::string error;
  auto slo = report::parse_slo("ttft_p99_ms<=2000", error);
  ASSERT_TRUE(slo) << error;
  EXPECT_EQ(slo->metric, "ttft_p99_ms");
  EXPECT_TRUE(slo->at_most);
  EXPECT_EQ(slo->bound, 2000);
  slo = report::parse_slo(" output_tok_s >= 1.5e3 ", error);
  ASSERT_TRUE(slo) << error;
  EXPECT_FALSE(slo->at_most);
  EXPECT_EQ(slo->bound, 1500);
  EXPECT_FALSE(report::parse_slo("ttft_p99_ms<2000", error));
  EXPECT_TRUE(contains(error, "METRIC<=VALUE")) << error;
  EXPECT_FALSE(report::parse_slo("ttft_p98_ms<=2000", error));
  EXPECT_TRUE(contains(error, "unknown metric 'ttft_p98_ms'")) << error;
  EXPECT_TRUE(contains(error, "ttft_p99_ms")) << error;  // lists the known ones
  EXPECT_FALSE(report::parse_slo("ttft_p99_ms<=fast", error));
  EXPECT_TRUE(contains(error, "'fast' is not a number")) << error;
  EXPECT_FALSE(report::parse_slo("ttft_p99_ms<=", error));
}

TEST(FindingParse, Goal) {
  EXPECT_EQ(report::parse_goal("throughput"), report::Goal::throughput);
  EXPECT_EQ(report::parse_goal("Latency"), report::Goal::latency);
  EXPECT_EQ(report::parse_goal("balanced"), report::Goal::balanced);
  EXPECT_FALSE(report::parse_goal("fast"));
}

TEST(FindingRender, OneHeadingPerRuleThenItems) {
  const std::vector<report::Finding> f{
      {report::RuleId::largest_effect, true, "A.", "ev A", "conf A"},
      {report::RuleId::largest_effect, true, "B.", "ev B", "conf B"},
      {report::RuleId::recommendation, false, "Not measured: x", "", ""}};
  std::ostringstream md;
  report::write_findings_markdown(f, Lang::en, md);
  EXPECT_EQ(md.str(),
            "### Which setting mattered most\n\n"
            "- A.\n  **Evidence:** ev A\n  **Confidence:** conf A\n"
            "- B.\n  **Evidence:** ev B\n  **Confidence:** conf B\n\n"
            "### Recommended settings\n\n"
            "- Not measured: x\n\n");
  std::ostringstream html;
  report::write_findings_html(f, Lang::ko, html);
  const std::string h = html.str();
  EXPECT_TRUE(contains(h, "<div class=\"findings\">")) << h;
  EXPECT_TRUE(contains(h, "<h3>어떤 옵션이 성능에 가장 큰 영향을 줬는지</h3>")) << h;
  EXPECT_TRUE(
      contains(h, "<li>A. <strong>근거:</strong> ev A <strong>신뢰도:</strong> conf A</li>"))
      << h;
}

TEST(FindingRender, SingleRunHasEveryTemplateItem) {
  const auto all = report::run_findings(sim_run({scenario("s", 1000, 1, {})}), Lang::en, {});
  std::vector<std::string> rules;
  for (const auto& f : all) rules.push_back(std::string(report::rule_id_name(f.rule)));
  EXPECT_EQ(rules, (std::vector<std::string>{"largest_effect", "memory_limit", "bandwidth_bound",
                                             "chunked_prefill", "max_num_batched_tokens",
                                             "recommendation"}));
}

// Every rule has a heading of its own in both languages (title_of switches over RuleId).
TEST(FindingRender, EveryRuleHasItsOwnTitle) {
  for (const Lang lang : {Lang::en, Lang::ko}) {
    std::vector<std::string> headings;
    for (const report::RuleId rule :
         {report::RuleId::largest_effect, report::RuleId::memory_limit,
          report::RuleId::bandwidth_bound, report::RuleId::chunked_prefill,
          report::RuleId::max_num_batched_tokens, report::RuleId::recommendation}) {
      std::ostringstream md;
      report::write_findings_markdown({{rule, true, "x", "", ""}}, lang, md);
      const std::string h = md.str().substr(0, md.str().find('\n'));
      EXPECT_FALSE(contains(h, "Other findings") || contains(h, "기타"))
          << report::rule_id_name(rule) << ": " << h;
      EXPECT_EQ(std::count(headings.begin(), headings.end(), h), 0) << h;
      headings.push_back(h);
    }
  }
}

}  // namespace
}  // namespace sonde
