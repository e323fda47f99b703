// The sweep report: golden report.md and report.html in both languages from fixed sweep.json
// fixtures (tests/fixtures/report/<name>.sweep.json, written from synth_sweep.hpp), and the
// rules behind its tables: mean ± run-to-run spread, and a difference marked only when it is
// larger than the sweep's run-to-run spread. After an intended change, regenerate and review by eye:
//   SONDE_UPDATE_GOLDEN=1 ./test_report --gtest_filter='*Sweep*'
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "report/sweep_html.hpp"
#include "report/sweep_markdown.hpp"
#include "results/atomic_file.hpp"
#include "synth_sweep.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

namespace fs = std::filesystem;
using test::slurp;

const fs::path kDir = fs::path(SONDE_FIXTURES) / "report";

bool updating() {
  const char* update = std::getenv("SONDE_UPDATE_GOLDEN");
  return update && std::string(update) == "1";
}

SweepResult fixture(const std::string& name) {
  return sweep_from_json(nlohmann::json::parse(slurp(kDir / (name + ".sweep.json"))));
}

void check_fixture(const std::string& name, const SweepResult& sweep) {
  const fs::path p = kDir / (name + ".sweep.json");
  const std::string expected = sweep_json(sweep).dump(2) + "\n";
  if (updating()) write_file_atomic(p, expected);
  EXPECT_EQ(expected, slurp(p)) << p << " is stale; see the comment atop this file";
}

TEST(SweepFixtures, AreCurrent) {
  check_fixture("sweep_chunked", testing::synth_chunked_sweep());
  check_fixture("sweep_tp", testing::synth_tp_sweep());
}

// As html_test.cpp: whitespace collapsed and chart geometry replaced, so that only text,
// values, titles and elements are compared.
std::string normalized(const std::string& html) {
  static const std::regex geometry(
      R"re(\b(x|y|x1|x2|y1|y2|cx|cy|r|width|height|d|transform|points)="[^"%]*")re");
  std::string s = std::regex_replace(html, geometry, "$1=\"#\"");
  s = std::regex_replace(s, std::regex(R"(\s+)"), " ");
  return std::regex_replace(s, std::regex(R"(> <)"), "><");
}

std::string render_md(const std::string& name, Lang lang) {
  std::ostringstream out;
  write_sweep_markdown(fixture(name), lang, out);
  return out.str();
}

std::string render_html(const std::string& name, Lang lang) {
  std::ostringstream out;
  write_sweep_html(fixture(name), lang, out);
  return out.str();
}

struct GoldenCase {
  std::string fixture;
  Lang lang;
};

class SweepGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(SweepGolden, MarkdownMatchesGoldenFile) {
  const GoldenCase& c = GetParam();
  const fs::path golden = kDir / (c.fixture + ".report_" + to_string(c.lang) + ".md");
  const std::string actual = render_md(c.fixture, c.lang);
  if (updating()) write_file_atomic(golden, actual);
  ASSERT_TRUE(fs::exists(golden)) << golden << " missing; run with SONDE_UPDATE_GOLDEN=1";
  EXPECT_EQ(slurp(golden), actual) << "report differs from " << golden;
}

TEST_P(SweepGolden, HtmlMatchesGoldenFile) {
  const GoldenCase& c = GetParam();
  const fs::path golden = kDir / (c.fixture + ".report_" + to_string(c.lang) + ".html");
  const std::string actual = render_html(c.fixture, c.lang);
  if (updating()) write_file_atomic(golden, actual);
  ASSERT_TRUE(fs::exists(golden)) << golden << " missing; run with SONDE_UPDATE_GOLDEN=1";
  const std::string want = normalized(slurp(golden)), got = normalized(actual);
  if (want == got) return;
  std::size_t at = 0;
  while (at < want.size() && at < got.size() && want[at] == got[at]) ++at;
  const std::size_t from = at > 300 ? at - 300 : 0;
  ADD_FAILURE() << "report differs from " << golden << " at normalised offset " << at
                << "\n golden: …" << want.substr(from, 500) << "\n actual: …"
                << got.substr(from, 500);
}

INSTANTIATE_TEST_SUITE_P(
    Reports, SweepGolden,
    ::testing::Values(GoldenCase{"sweep_chunked", Lang::ko}, GoldenCase{"sweep_chunked", Lang::en},
                      GoldenCase{"sweep_tp", Lang::ko}, GoldenCase{"sweep_tp", Lang::en}),
    [](const auto& info) { return info.param.fixture + "_" + to_string(info.param.lang); });

int count(const std::string& s, const std::string& needle) {
  int n = 0;
  for (auto p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}

// ---- mean ± spread and "flag only beyond the spread"

// A sweep of one flag whose points carry the given run values of scenario "s".
SweepResult values_sweep(const std::vector<std::pair<std::string, std::vector<double>>>& points) {
  SweepResult sweep;
  sweep.axes = {{"x", {}}};
  int i = 0;
  for (const auto& [value, runs] : points) {
    PointResult p;
    p.name = "p" + std::to_string(++i);
    p.status = PointStatus::ok;
    p.settings = {{"x", value}};
    for (double v : runs) {
      RunResult r;
      ScenarioResult s;
      s.spec.name = "s";
      s.summary.completed = 1;
      s.summary.output_throughput = v;
      r.scenarios.push_back(s);
      p.runs.push_back(r);
    }
    sweep.points.push_back(p);
  }
  return sweep;
}

double tput(const ScenarioSummary& s) { return s.output_throughput; }

TEST(SweepSpread, MeanAndSpreadOfRepeats) {
  const SweepResult sweep = values_sweep({{"a", {100, 104, 96}}, {"b", {200}}});
  const GroupStat a = group_stat(sweep, "x", "a", "s", tput);
  EXPECT_EQ(a.n, 3);
  EXPECT_DOUBLE_EQ(a.mean, 100);
  EXPECT_DOUBLE_EQ(a.spread, 4);  // largest deviation of a repeat from its point's mean
  EXPECT_EQ(stat_text(a, 1), "100.0 ± 4.0");
  const GroupStat b = group_stat(sweep, "x", "b", "s", tput);
  EXPECT_TRUE(std::isnan(b.spread)) << "one run: the spread is unknown, not zero";
  EXPECT_EQ(stat_text(b, 1), "200.0");
  EXPECT_EQ(stat_text(group_stat(sweep, "x", "c", "s", tput), 1), "—");
}

TEST(SweepSpread, SpreadIsRunToRunNotBetweenPoints) {
  // Two points with the same value but other settings: 100 ± 1 and 300 ± 2. Their gap is
  // not noise; only the repeats of each point are.
  const SweepResult sweep = values_sweep({{"a", {99, 101}}, {"a", {298, 302}}});
  const GroupStat g = group_stat(sweep, "x", "a", "s", tput);
  EXPECT_DOUBLE_EQ(g.mean, 200);
  EXPECT_DOUBLE_EQ(g.spread, 2);
  EXPECT_DOUBLE_EQ(g.min, 99);
  EXPECT_DOUBLE_EQ(g.max, 302);
}

// The table marks a change as the conclusions judge it: against the sweep's run-to-run spread
// (analysis/spread.hpp; the rule's own cases are in tests/unit/analysis).
Difference table_mark(const SweepResult& sweep, const char* from, const char* to) {
  const double a = group_stat(sweep, "x", from, "s", tput).mean;
  const double b = group_stat(sweep, "x", to, "s", tput).mean;
  return analysis::classify((b - a) / a, analysis::run_spread(sweep, tput));
}

TEST(SweepSpread, DifferenceFlaggedOnlyBeyondSpread) {
  // Relative ranges 8/100, 1/110.5 and 2/103: the sweep's spread is their mean, 3.6%.
  const SweepResult sweep =
      values_sweep({{"a", {100, 104, 96}}, {"b", {110, 111}}, {"c", {102, 104}}, {"d", {150}}});
  EXPECT_EQ(table_mark(sweep, "a", "b"), Difference::real);           // +10.5%
  EXPECT_EQ(table_mark(sweep, "a", "c"), Difference::within_spread);  // +3%: noise
  // d ran once, but the sweep's spread is known: +50% is told apart from noise.
  EXPECT_EQ(table_mark(sweep, "a", "d"), Difference::real);
  EXPECT_EQ(table_mark(sweep, "a", "none"), Difference::unknown);
  // Without any repeat nothing can be said.
  EXPECT_EQ(table_mark(values_sweep({{"a", {100}}, {"b", {150}}}), "a", "b"), Difference::unknown);
  EXPECT_EQ(change_text(10.5, Difference::real, "≈"), "**+10.5%**");
  EXPECT_EQ(change_text(4.0, Difference::within_spread, "≈"), "≈ +4.0%");
  EXPECT_EQ(change_text(-50.0, Difference::unknown, "≈"), "-50.0%");
  EXPECT_EQ(change_text(std::nan(""), Difference::real, "≈"), "—");
}

TEST(SweepSpread, BoundaryIsNotAFlag) {
  // Relative ranges 0.2 and 0: a spread of 10%, and a change of exactly +10%: not flagged.
  const SweepResult sweep = values_sweep({{"a", {90, 110}}, {"b", {110, 110}}});
  EXPECT_EQ(table_mark(sweep, "a", "b"), Difference::within_spread);
}

// ---- what the tables say on the fixtures

TEST(SweepReport, SectionFourPerInputLengthWithFlags) {
  const std::string md = render_md("sweep_chunked", Lang::en);
  const std::string s4 = md.substr(md.find("## 4."), md.find("## 5.") - md.find("## 4."));
  for (const char* row : {"| short_1k | 1000 |", "| mid_3k | 3000 |", "| long_6k | 6000 |",
                          "| verylong_10k | 10000 |"}) {
    EXPECT_NE(s4.find(row), std::string::npos) << row;
  }
  EXPECT_NE(s4.find(" ± "), std::string::npos) << "repeats must show mean ± spread";
  EXPECT_NE(s4.find("| **-20.3%** |"), std::string::npos)
      << "the large ON/OFF effect must be flagged";
  EXPECT_NE(s4.find("### Effect of `--max-num-batched-tokens`"), std::string::npos);
  for (const char* metric :
       {"#### TTFT mean (ms)", "#### TPOT mean (ms)", "#### Output throughput (tok/s)"}) {
    EXPECT_NE(s4.find(metric), std::string::npos) << metric;
  }
  EXPECT_NE(s4.find("8192 vs 2048"), std::string::npos);
  EXPECT_EQ(s4.find("runs: 1"), std::string::npos) << "this sweep has repeats";
  EXPECT_NE(md.find("## 5. Conclusions"), std::string::npos);
}

TEST(SweepReport, TensorParallelTablesWithoutRepeats) {
  const std::string md = render_md("sweep_tp", Lang::en);
  EXPECT_NE(md.find("### Effect of `--tensor-parallel-size`"), std::string::npos);
  EXPECT_NE(md.find("#### Output throughput (tok/s)"), std::string::npos);
  EXPECT_NE(md.find("#### E2E latency mean (s)"), std::string::npos);
  EXPECT_NE(md.find("| tensor-parallel-size=4 |"), std::string::npos);
  EXPECT_NE(md.find("`runs: 1`"), std::string::npos) << "no repeats: the note says so";
  const std::string tables = md.substr(0, md.find("## 5."));
  EXPECT_FALSE(std::regex_search(tables, std::regex(R"(\d ± \d)"))) << "no spread without repeats";
  EXPECT_EQ(tables.find("| ≈ "), std::string::npos);
  EXPECT_EQ(tables.find("| **"), std::string::npos) << "nothing is flagged without a known spread";
  EXPECT_NE(md.find("No successful points with chunked prefill"), std::string::npos);
}

TEST(SweepReport, HtmlHasChartsPerAxisAndHeatmap) {
  const std::string html = render_html("sweep_chunked", Lang::en);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  for (const char* banned : {"<script", "<link", "@import", "url(", "src=", "@font-face"}) {
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  }
  std::ostringstream md;
  write_sweep_markdown(fixture("sweep_chunked"), Lang::en, md);
  EXPECT_EQ(count(html, "<h2>"), count(md.str(), "\n## "));
  EXPECT_EQ(count(html, "<thead>"), count(md.str(), "\n| --- |"));
  // ON/OFF: 4 bar charts; max-num-batched-tokens: 3 line charts; heatmaps: one per scenario.
  EXPECT_EQ(count(html, "<svg"), 4 + 3 + 4);
  EXPECT_NE(html.find("Output throughput (tok/s) — verylong_10k"), std::string::npos) << "heatmap";
  EXPECT_NE(html.find("<title>"), std::string::npos) << "hover values";
  EXPECT_NE(html.find("<pre>torch.OutOfMemoryError"), std::string::npos) << "failure log quoted";
  for (const char* id : {"points", "failures", "results", "comparison", "conclusions"}) {
    EXPECT_NE(html.find(std::string("<section id=\"") + id + "\">"), std::string::npos) << id;
  }
  // The axis charts follow their own table, inside section 4.
  const auto axis = html.find("<h3>Effect of <code>--max-num-batched-tokens</code></h3>");
  ASSERT_NE(axis, std::string::npos);
  EXPECT_NE(html.find("TTFT mean (ms) by --max-num-batched-tokens", axis), std::string::npos);
  EXPECT_LT(html.find("<section id=\"comparison\">"), axis);
  EXPECT_LT(axis, html.find("<section id=\"conclusions\">"));
}

TEST(SweepReport, HtmlOneAxisHasNoHeatmap) {
  const std::string html = render_html("sweep_tp", Lang::ko);
  EXPECT_EQ(count(html, "<svg"), 2);  // throughput and E2E latency against TP
  EXPECT_NE(html.find("<html lang=\"ko\">"), std::string::npos);
}

}  // namespace
}  // namespace sonde
