// report.html: golden files (structure and text) in both languages, and the properties every
// page must have (self-contained, one <title> per data point, sections as in report.md).
// Goldens: tests/fixtures/report/<name>.report_<lang>.html; the run comes from the run.json
// fixture and the per-request records from the same synthetic run (synth_run.hpp). After an
// intended change, regenerate and look at the pages in a browser:
//   SONDE_UPDATE_GOLDEN=1 ./test_report --gtest_filter='*HtmlGolden*'
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "../results/synth_run.hpp"
#include "report/charts.hpp"
#include "report/html.hpp"
#include "report/markdown.hpp"
#include "results/atomic_file.hpp"
#include "results/json.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

namespace fs = std::filesystem;
using test::slurp;

const fs::path kDir = fs::path(SONDE_FIXTURES) / "report";

std::vector<RequestRecord> records_of(const std::string& fixture) {
  std::vector<RequestRecord> records;
  if (fixture == "seed_sim")
    testing::synth_seed_run(&records);
  else
    testing::synth_mixed_run(&records);
  return records;
}

// telemetry.jsonl of the same synthetic run, read back as the runner's file would be.
TelemetrySeries telemetry_of(const RunResult& run, const std::vector<RequestRecord>& records) {
  std::istringstream in(testing::synth_telemetry_jsonl(run, records));
  return parse_telemetry_jsonl(in);
}

std::string render(const std::string& fixture, Lang lang, bool with_records = true,
                   bool with_telemetry = true) {
  const RunResult run = read_run_json(kDir / (fixture + ".run.json"));
  const auto records = records_of(fixture);
  const TelemetrySeries telemetry = telemetry_of(run, records);
  std::ostringstream out;
  write_html_report(run, with_records ? &records : nullptr, lang, out,
                    with_telemetry ? &telemetry : nullptr);
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
                << "\n golden: …" << want.substr(from, 500) << "\n actual: …"
                << got.substr(from, 500);
}

INSTANTIATE_TEST_SUITE_P(
    Reports, HtmlGolden,
    ::testing::Values(GoldenCase{"seed_sim", Lang::ko}, GoldenCase{"seed_sim", Lang::en},
                      GoldenCase{"mixed_real", Lang::ko}, GoldenCase{"mixed_real", Lang::en}),
    [](const auto& info) { return info.param.fixture + "_" + to_string(info.param.lang); });

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
    std::string rest =
        std::regex_replace(html, std::regex(R"(xmlns="http://www.w3.org/2000/svg")"), "");
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
  EXPECT_EQ(count(html, "<thead>"), 4);  // settings, summary, concurrency, chunked prefill
  for (const char* id :
       {"warnings", "environment", "summary", "concurrency", "chunked-prefill", "conclusions"}) {
    EXPECT_NE(html.find(std::string("<section id=\"") + id + "\">"), std::string::npos) << id;
  }
  // Every scenario of the run appears in a table row.
  for (const auto& sc : run.scenarios) EXPECT_NE(html.find(sc.spec.name), std::string::npos);
  EXPECT_NE(html.find("<blockquote class=\"warning\">"), std::string::npos);  // incomplete run
}

TEST(HtmlReport, ChartsSitInTheirSectionsWithOneTitlePerPoint) {
  const std::string html = render("seed_sim", Lang::en, true, false);
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
  const std::string html = render("seed_sim", Lang::en, false, false);
  EXPECT_NE(html.find("requests.jsonl"), std::string::npos);
  EXPECT_NE(html.find("telemetry.jsonl"), std::string::npos);
  EXPECT_EQ(count(html, "<svg"), 3 + 2);  // no CDF in either section, no memory charts
}

TEST(HtmlReport, TelemetryDrawsMemoryAndKvChartsInTheConcurrencySection) {
  const std::string sim = render("seed_sim", Lang::en);
  const auto conc = sim.find("<section id=\"concurrency\">");
  const auto chunk = sim.find("<section id=\"chunked-prefill\">");
  const std::string s3 = sim.substr(conc, chunk - conc);
  EXPECT_EQ(count(s3, "<svg"), 3 + 2);
  EXPECT_NE(s3.find("GPU memory used over time"), std::string::npos);
  EXPECT_NE(s3.find("KV-cache usage over time"), std::string::npos);
  EXPECT_EQ(sim.find("telemetry.jsonl"), std::string::npos);  // nothing is missing
  // The real run had /metrics but no GPU source: the KV-cache chart alone.
  const std::string real = render("mixed_real", Lang::en);
  EXPECT_EQ(real.find("GPU memory used over time"), std::string::npos);
  EXPECT_NE(real.find("KV-cache usage over time"), std::string::npos);
}

TEST(HtmlReport, LongTelemetryIsThinnedButKeepsItsPeak) {
  TelemetrySeries t;
  for (int i = 0; i < 5000; ++i) {
    const uint64_t used = (i == 3210 ? 75ull : 70ull) << 30;
    t.gpu.push_back({"s", i * 250.0, 0, used, 80ull << 30, 50.0, std::nullopt});
  }
  const auto figures = report::telemetry_figures(t, report::messages_en());
  ASSERT_EQ(figures.size(), 1u);
  ASSERT_EQ(figures[0].svgs.size(), 1u);  // no gauges: the GPU chart alone
  EXPECT_LE(count(figures[0].svgs[0], "</circle>"), 300);
  EXPECT_NE(figures[0].svgs[0].find("802.5 s → 75.0 GiB"), std::string::npos);
}

TEST(HtmlReport, PowerReadingsDrawAPowerChart) {
  TelemetrySeries t;
  for (int i = 0; i < 20; ++i) {
    GpuSeriesPoint p{"s", i * 250.0, 0, 70ull << 30, 80ull << 30, 50.0, std::nullopt};
    if (i > 0) p.power_w = i == 10 ? 655.0 : 400.0;  // the first reading had no power
    t.gpu.push_back(p);
  }
  const auto figures = report::telemetry_figures(t, report::messages_en());
  ASSERT_EQ(figures.size(), 2u);  // memory, then power
  EXPECT_EQ(figures[1].caption, report::messages_en().chart_power_caption);
  EXPECT_NE(figures[1].svgs[0].find("GPU power over time"), std::string::npos);
  EXPECT_NE(figures[1].svgs[0].find("s → 655.0 W"), std::string::npos) << figures[1].svgs[0];
  std::istringstream in(
      R"({"scenario":"a","t_ms":250.0,"gpu":0,"used_bytes":1,"total_bytes":2,"utilization_pct":1,"power_w":123.5,"energy_j":99.0})"
      "\n");
  const TelemetrySeries back = parse_telemetry_jsonl(in);
  ASSERT_EQ(back.gpu.size(), 1u);
  EXPECT_EQ(back.gpu[0].power_w, 123.5);
  const auto none = report::telemetry_figures(TelemetrySeries{}, report::messages_en());
  EXPECT_TRUE(none.empty());
}

TEST(TelemetryJsonl, ReadsBothKindsOfLineAndSkipsTheRest) {
  std::istringstream in(
      R"({"scenario":"a","t_ms":250.0,"gpu":1,"used_bytes":1073741824,"total_bytes":null,"utilization_pct":12.5})"
      "\n"
      R"({"scenario":"a","t_ms":500.0,"kv_cache_usage":0.25,"num_requests_running":3.0,"num_requests_waiting":null})"
      "\n\n{\"scenario\":\"a\",\"t_ms\":7");  // cut off mid-line by Ctrl-C
  const TelemetrySeries t = parse_telemetry_jsonl(in);
  ASSERT_EQ(t.gpu.size(), 1u);
  EXPECT_EQ(1, t.gpu[0].gpu);
  EXPECT_EQ(1ull << 30, *t.gpu[0].used_bytes);
  EXPECT_FALSE(t.gpu[0].total_bytes);
  EXPECT_DOUBLE_EQ(12.5, *t.gpu[0].utilization_pct);
  ASSERT_EQ(t.gauges.size(), 1u);
  EXPECT_DOUBLE_EQ(0.25, t.gauges[0].kv_cache_usage);
  EXPECT_DOUBLE_EQ(3, t.gauges[0].num_requests_running);
  EXPECT_TRUE(std::isnan(t.gauges[0].num_requests_waiting));
  EXPECT_EQ(1, t.skipped_lines);
  EXPECT_TRUE(read_telemetry_jsonl("/nonexistent/telemetry.jsonl").gpu.empty());
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
