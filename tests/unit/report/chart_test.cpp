// Chart builders: the right number of marks, each with its hover <title>, and the report's
// chart functions (including the hooks not yet called by the HTML report).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "../results/synth_run.hpp"
#include "chart/chart.hpp"
#include "report/charts.hpp"

namespace sonde {
namespace {

int count(const std::string& s, const std::string& needle) {
  int n = 0;
  for (auto p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}

TEST(BarChart, GroupedBarsOnePerValueSkippingMissing) {
  chart::BarChart c;
  c.title = "t";
  c.unit = "s";
  c.categories = {"1k", "3k", "6k"};
  c.series = {{"ON", {1.0, 2.0, 3.0}}, {"OFF", {1.5, NAN, 4.0}}};
  const std::string svg = chart::render_bars(c);
  EXPECT_EQ(count(svg, "</rect>"), 5);  // the NaN has no bar
  EXPECT_NE(svg.find("<title>3k · ON: 2.00 s</title>"), std::string::npos);
  EXPECT_NE(svg.find(">ON</text>"), std::string::npos);  // legend
  EXPECT_NE(svg.find(">OFF</text>"), std::string::npos);
}

TEST(Histogram, BinsAreNamedByTheirRangesAndEachCountIsABar) {
  chart::Histogram h;
  h.title = "Input length";
  h.edges = {1000, 1100, 1200, 1201};
  h.series = {{"asked for", {3, 0, 1}}, {"counted", {2, 1, 1}}};
  const std::string svg = chart::render_histogram(h);
  EXPECT_NE(svg.find(">1,000–1,099</text>"), std::string::npos);
  EXPECT_NE(svg.find(">1,100–1,199</text>"), std::string::npos);
  EXPECT_NE(svg.find(">1,200</text>"), std::string::npos);  // a bin of width 1: its value
  EXPECT_NE(svg.find("<title>1,000–1,099 · asked for: 3.00</title>"), std::string::npos);
  EXPECT_NE(svg.find(">Input length</text>"), std::string::npos);
}

TEST(BarChart, StackedBarsPrintTheirTotals) {
  chart::BarChart c;
  c.unit = "s";
  c.stacked = true;
  c.categories = {"a", "b"};
  c.series = {{"TTFT", {0.08, 0.64}}, {"Decode", {3.24, 3.31}}};
  const std::string svg = chart::render_bars(c);
  EXPECT_EQ(count(svg, "</rect>"), 4);
  EXPECT_NE(svg.find(">3.32 s</text>"), std::string::npos);
  EXPECT_NE(svg.find(">3.95 s</text>"), std::string::npos);
  // The axis reaches past the tallest stack.
  EXPECT_NE(svg.find(">4</text>"), std::string::npos);
}

TEST(LineChart, OneMarkerWithTitlePerFinitePoint) {
  chart::LineChart c;
  c.x_unit = "tok";
  c.y_unit = "ms";
  c.series = {{"mean", {{1000, 80}, {3000, 204}, {6000, NAN}}}, {"p99", {{1000, 82}, {3000, 210}}}};
  const std::string svg = chart::render_lines(c);
  EXPECT_EQ(count(svg, "</circle>"), 4);
  EXPECT_EQ(count(svg, "<path d=\"M"), 2);
  EXPECT_NE(svg.find("<title>mean · 3,000 tok → 204.0 ms</title>"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);  // second series is dashed
}

TEST(LineChart, LogAxisDropsNonPositivePointsAndLabelsDecades) {
  chart::LineChart c;
  c.x_log = true;
  c.series = {{"", {{0, 1}, {1, 1}, {10, 2}, {1000, 3}}}};
  const std::string svg = chart::render_lines(c);
  EXPECT_EQ(count(svg, "</circle>"), 3);
  for (const char* tick : {">1</text>", ">10</text>", ">100</text>", ">1,000</text>"}) {
    EXPECT_NE(svg.find(tick), std::string::npos) << tick;
  }
}

TEST(LineChart, StepModeDrawsACdf) {
  chart::LineChart c;
  c.step = true;
  c.y_percent = true;
  c.series = {{"s", {{10, 0.5}, {20, 1.0}}}};
  const std::string svg = chart::render_lines(c);
  EXPECT_NE(svg.find("H"), std::string::npos);
  EXPECT_NE(svg.find(">100%</text>"), std::string::npos);
  EXPECT_NE(svg.find("<title>s · 20 → 100%</title>"), std::string::npos);
}

TEST(Heatmap, OneCellPerValueWithTitles) {
  chart::Heatmap h;
  h.x_label = "max_num_batched_tokens";
  h.y_label = "chunked";
  h.unit = "tok/s";
  h.x_categories = {"2048", "8192"};
  h.y_categories = {"OFF", "ON"};
  h.values = {{400, 500}, {450, NAN}};
  const std::string svg = chart::render_heatmap(h);
  EXPECT_EQ(count(svg, "</rect>"), 4);
  EXPECT_NE(svg.find("<title>max_num_batched_tokens 8192, chunked OFF: 500.0 tok/s</title>"),
            std::string::npos);
  EXPECT_NE(svg.find("<title>max_num_batched_tokens 8192, chunked ON: —</title>"), std::string::npos);
}

TEST(ReportCharts, SeedRunFigures) {
  std::vector<RequestRecord> records;
  const RunResult run = testing::synth_seed_run(&records);
  const auto& m = report::messages_en();
  const auto s2 = report::input_length_figures(run, &records, m);
  ASSERT_EQ(s2.size(), 3u);  // breakdown, TTFT+TPOT pair, CDF
  EXPECT_EQ(s2[1].svgs.size(), 2u);
  const auto s3 = report::concurrency_figures(run, &records, m);
  ASSERT_EQ(s3.size(), 2u);  // throughput+latency pair, CDF
  EXPECT_NE(s3[0].svgs[0].find("<title>8 → 534.0 tok/s</title>"), std::string::npos);
  EXPECT_EQ(report::input_length_figures(run, nullptr, m).size(), 2u);
}

TEST(ReportCharts, CdfIsCappedAt200PointsPerScenario) {
  std::vector<RequestRecord> records;
  for (int i = 0; i < 1000; ++i) {
    RequestRecord r;
    r.scenario = "big";
    r.ok = true;
    r.ttft_ms = 100.0 + i;
    records.push_back(r);
  }
  const std::string svg = report::ttft_cdf_chart({"big"}, records, "t", report::messages_en());
  EXPECT_EQ(count(svg, "</circle>"), 200);
  EXPECT_NE(svg.find("<title>big · 1,099 ms → 100%</title>"), std::string::npos);  // the max
}

TEST(ReportCharts, HooksDrawMemoryAndChunkedPrefill) {
  const auto& m = report::messages_ko();
  const auto mem = report::memory_figures({{"GPU 0", {{0, 70.1}, {10, 70.3}}}},
                                          {{"GPU 0", {{0, 0.0}, {10, 0.42}}}}, m);
  ASSERT_EQ(mem.size(), 1u);
  EXPECT_EQ(mem[0].svgs.size(), 2u);
  EXPECT_NE(mem[0].svgs[1].find("42%"), std::string::npos);
  const auto chunk = report::chunked_prefill_figures({{1000, 3.3, 3.4}, {10000, 3.9, NAN}}, m);
  ASSERT_EQ(chunk.size(), 1u);
  EXPECT_EQ(count(chunk[0].svgs[0], "</rect>"), 3);
  EXPECT_TRUE(report::memory_figures({}, {}, m).empty());
  EXPECT_TRUE(report::chunked_prefill_figures({}, m).empty());
}

TEST(LineChart, GuidesAreDashedLinesWithLabelsThatWidenTheAxes) {
  chart::LineChart c;
  c.series = {{"p90", {{10, 10}, {20, 20}}}};
  c.guides = {{false, 500, "SLO 500 ms"}, {true, 40, "capacity 40"}};
  const std::string svg = chart::render_lines(c);
  EXPECT_EQ(count(svg, "class=\"guide\""), 2);
  EXPECT_EQ(count(svg, "stroke-dasharray=\"6 4\""), 2);
  EXPECT_NE(svg.find(">SLO 500 ms</text>"), std::string::npos);
  EXPECT_NE(svg.find(">capacity 40</text>"), std::string::npos);
  EXPECT_NE(svg.find(">500</text>"), std::string::npos) << "the y axis reaches the SLO";
  EXPECT_NE(svg.find(">40</text>"), std::string::npos) << "the x axis reaches the answer";
}

TEST(ReportCharts, CapacityFiguresMarkTargetSlosAndAnswer) {
  CapacityResult c;
  c.slos = parse_goodput("ttft:500 tpot:50", "--goodput");
  c.target_pct = 90;
  c.status = "found";
  c.capacity = 8;
  for (double load : {1.0, 2.0, 4.0, 8.0, 16.0, 8.0}) {
    CapacityProbe p;
    p.load = p.rate = load;
    p.attainment_pct = load <= 8 ? 95 : 40;
    p.ttft_ms = {100, 200 * load, 300 * load};
    p.tpot_ms = {10, 3 * load, 4 * load};
    c.probes.push_back(p);
  }
  const auto& m = report::messages_en();
  const auto figs = report::capacity_figures(c, m);
  ASSERT_EQ(figs.size(), 2u);
  EXPECT_EQ(figs[0].file, "capacity-attainment.svg");
  EXPECT_EQ(figs[1].file, "capacity-latency.svg");
  EXPECT_EQ(count(figs[0].svgs[0], "</circle>"), 6);
  EXPECT_NE(figs[0].svgs[0].find(">target 90 %</text>"), std::string::npos);
  EXPECT_NE(figs[0].svgs[0].find(">capacity 8 req/s</text>"), std::string::npos);
  EXPECT_NE(figs[1].svgs[0].find(">TTFT SLO 500 ms</text>"), std::string::npos);
  EXPECT_NE(figs[1].svgs[0].find(">TPOT SLO 50 ms</text>"), std::string::npos);
  EXPECT_EQ(count(figs[1].svgs[0], "class=\"guide\""), 3);
  c.probes.clear();
  EXPECT_TRUE(report::capacity_figures(c, m).empty());
}

}  // namespace
}  // namespace sonde
