// report.html: golden files (structure and text) in both languages, and the properties every
// page must have (self-contained, one <title> per data point, sections as in report.md).
// Goldens: tests/fixtures/report/<name>.report_<lang>.html; the run comes from the run.json
// fixture and the per-request records from the same synthetic run (synth_run.hpp). After an
// intended change, regenerate and look at the pages in a browser:
//   SONDE_UPDATE_GOLDEN=1 ./test_report --gtest_filter='*HtmlGolden*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "../results/synth_run.hpp"
#include "report/html.hpp"
#include "report/markdown.hpp"
#include "results/atomic_file.hpp"
#include "results/json.hpp"

namespace sonde {
namespace {

namespace fs = std::filesystem;

const fs::path kDir = fs::path(SONDE_FIXTURES) / "report";

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<RequestRecord> records_of(const std::string& fixture) {
  std::vector<RequestRecord> records;
  if (fixture == "seed_sim") testing::synth_seed_run(&records);
  else testing::synth_mixed_run(&records);
  return records;
}

std::string render(const std::string& fixture, Lang lang, bool with_records = true) {
  const RunResult run = read_run_json(kDir / (fixture + ".run.json"));
  const auto records = records_of(fixture);
  std::ostringstream out;
  write_html_report(run, with_records ? &records : nullptr, lang, out);
  return out.str();
}

// What the golden comparison looks at: whitespace runs collapsed (none between tags), and
// chart geometry (coordinates, sizes, path data) replaced by '#', so that a layout tweak does
// not churn the goldens while every text, value, title and element still must match.
std::string normalized(const std::string& html) {
  static const std::regex geometry(
      R"re(\b(x|y|x1|x2|y1|y2|cx|cy|r|width|height|d|transform)="[^"%]*")re");
  std::string s = std::regex_replace(html, geometry, "$1=\"#\"");
  s = std::regex_replace(s, std::regex(R"(\s+)"), " ");
  s = std::regex_replace(s, std::regex(R"(> <)"), "><");
  return s;
}

int count(const std::string& s, const std::string& needle) {
  int n = 0;
  for (auto p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}

struct GoldenCase {
  std::string fixture;
  Lang lang;
};

class HtmlGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(HtmlGolden, MatchesGoldenFile) {
  const GoldenCase& c = GetParam();
  const fs::path golden = kDir / (c.fixture + ".report_" + to_string(c.lang) + ".html");
  const std::string actual = render(c.fixture, c.lang);
  const char* update = std::getenv("SONDE_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") write_file_atomic(golden, actual);
  ASSERT_TRUE(fs::exists(golden)) << golden << " missing; run with SONDE_UPDATE_GOLDEN=1";
  const std::string want = normalized(slurp(golden)), got = normalized(actual);
  if (want == got) return;
  // Show where they part, not two 40 kB strings.
  std::size_t at = 0;
  while (at < want.size() && at < got.size() && want[at] == got[at]) ++at;
  const std::size_t from = at > 300 ? at - 300 : 0;
  ADD_FAILURE() << "report differs from " << golden << " at normalised offset " << at
                << "\n golden: …" << want.substr(from, 500) << "\n actual: …" << got.substr(from, 500);
}

INSTANTIATE_TEST_SUITE_P(Reports, HtmlGolden,
                         ::testing::Values(GoldenCase{"seed_sim", Lang::ko},
                                           GoldenCase{"seed_sim", Lang::en},
                                           GoldenCase{"mixed_real", Lang::ko},
                                           GoldenCase{"mixed_real", Lang::en}),
                         [](const auto& info) {
                           return info.param.fixture + "_" + to_string(info.param.lang);
                         });

TEST(HtmlReport, IsSelfContained) {
  for (Lang lang : {Lang::ko, Lang::en}) {
    const std::string html = render("seed_sim", lang);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find(std::string("<html lang=\"") + to_string(lang) + "\">"), std::string::npos);
    EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
    EXPECT_EQ(html.find("@import"), std::string::npos);
    EXPECT_EQ(html.find("url("), std::string::npos);
    EXPECT_EQ(html.find("src="), std::string::npos);
    EXPECT_EQ(html.find("@font-face"), std::string::npos);
    // The only URLs are the SVG namespace and the target server's address in the text.
    std::string rest = std::regex_replace(html, std::regex(R"(xmlns="http://www.w3.org/2000/svg")"), "");
    rest = std::regex_replace(rest, std::regex(R"(http://127\.0\.0\.1:41234)"), "");
    EXPECT_EQ(rest.find("http"), std::string::npos);
    EXPECT_NE(html.find("@media print"), std::string::npos);
  }
}

TEST(HtmlReport, HasEverySectionAndTableOfTheMarkdownReport) {
  const RunResult run = read_run_json(kDir / "mixed_real.run.json");
  std::ostringstream md;
  write_markdown_report(run, Lang::en, md);
  const std::string html = render("mixed_real", Lang::en);
  EXPECT_EQ(count(html, "<h2>"), count(md.str(), "\n## "));
  EXPECT_EQ(count(html, "<thead>"), count(md.str(), "| --- |") > 0 ? 3 : 0);
  for (const char* id : {"environment", "summary", "concurrency", "chunked-prefill", "conclusions"}) {
    EXPECT_NE(html.find(std::string("<section id=\"") + id + "\">"), std::string::npos) << id;
  }
  // Every scenario of the run appears in a table row.
  for (const auto& sc : run.scenarios) EXPECT_NE(html.find(sc.spec.name), std::string::npos);
  EXPECT_NE(html.find("<blockquote class=\"warning\">"), std::string::npos);  // incomplete run
}

TEST(HtmlReport, ChartsSitInTheirSectionsWithOneTitlePerPoint) {
  const std::string html = render("seed_sim", Lang::en);
  const auto summary = html.find("<section id=\"summary\">");
  const auto conc = html.find("<section id=\"concurrency\">");
  const auto chunk = html.find("<section id=\"chunked-prefill\">");
  ASSERT_TRUE(summary != std::string::npos && conc != std::string::npos && chunk != std::string::npos);
  const std::string s2 = html.substr(summary, conc - summary);
  const std::string s3 = html.substr(conc, chunk - conc);
  // Section 2: breakdown (4 stacks × 2 parts), TTFT and TPOT (2 series × 4 points each), and
  // the CDF of 4 scenarios × 5 requests.
  // Data marks are the elements with a <title> (legend swatches have none).
  EXPECT_EQ(count(s2, "<svg"), 4);
  EXPECT_EQ(count(s2, "</rect>"), 8);
  EXPECT_EQ(count(s2, "</circle>"), 16 + 20);
  // Section 3: throughput (4 points) and latency (mean + p99, 4 points each), CDF of
  // 5 + 10 + 20 + 40 requests.
  EXPECT_EQ(count(s3, "<svg"), 3);
  EXPECT_EQ(count(s3, "</circle>"), 4 + 8 + 75);
  // Each titled mark carries its value for hover.
  EXPECT_NE(s2.find("<title>1,000 tok · TTFT: 0.080 s</title>"), std::string::npos);
  EXPECT_EQ(count(html, "<svg"), count(html, "viewBox=\"0 0 640 360\" width=\"100%\""));
}

TEST(HtmlReport, WithoutRecordsSaysWhyTheDistributionIsMissing) {
  const std::string html = render("seed_sim", Lang::en, false);
  EXPECT_NE(html.find("requests.jsonl"), std::string::npos);
  EXPECT_EQ(count(html, "<svg"), 3 + 2);  // no CDF in either section
}

TEST(HtmlReport, EscapesNamesFromTheRun) {
  RunResult run = read_run_json(kDir / "seed_sim.run.json");
  run.scenarios[0].spec.name = "a<b>&\"c\"|d";
  std::ostringstream out;
  write_html_report(run, nullptr, Lang::en, out);
  EXPECT_EQ(out.str().find("a<b>"), std::string::npos);
  EXPECT_NE(out.str().find("a&lt;b&gt;&amp;\"c\"|d"), std::string::npos);
}

}  // namespace
}  // namespace sonde
