// The document model's two renderers: the same blocks as Markdown and as HTML.
#include <gtest/gtest.h>

#include <sstream>

#include "report/document.hpp"

namespace sonde::report::doc {
namespace {

std::string markdown(const std::vector<Block>& blocks) {
  std::ostringstream out;
  write_markdown(blocks, out);
  return out.str();
}

std::string html(const std::vector<Block>& blocks) {
  std::ostringstream out;
  write_html(blocks, out);
  return out.str();
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(Document, TableAlignmentAndEmphasis) {
  Table t;
  t.header = {"Scenario", "Latency (s)", "Change"};
  t.align = {Align::left, Align::right, Align::figures};
  t.rows.push_back({Cell("short_1k"), Cell("1.25"), Cell("+12.3%", true, "")});
  t.rows.push_back({Cell("long"), Cell("—"), Cell("+1.2%", false, "≈")});
  t.rows.push_back({Cell("x"), Cell("2"), Cell("-3.0%")});
  EXPECT_EQ(markdown({t}),
            "| Scenario | Latency (s) | Change |\n"
            "| --- | ---: | --- |\n"
            "| short_1k | 1.25 | **+12.3%** |\n"
            "| long | — | ≈ +1.2% |\n"
            "| x | 2 | -3.0% |\n\n");
  const std::string h = html({t});
  EXPECT_TRUE(contains(
      h, "<tr><td>short_1k</td><td class=\"num\">1.25</td><td><strong>+12.3%</strong></td></tr>"))
      << h;
  EXPECT_TRUE(contains(h, "<tr><td>long</td><td class=\"num\">—</td><td>≈ +1.2%</td></tr>")) << h;
  // Align::figures right-aligns a plain figure only.
  EXPECT_TRUE(contains(h, "<td class=\"num\">-3.0%</td>")) << h;
  EXPECT_TRUE(contains(h, "<th scope=\"col\">Latency (s)</th>")) << h;
}

TEST(Document, EscapesHtmlOnceAndMarkdownSpecialsInCells) {
  Table t;
  t.header = {"Name", "Value"};
  t.rows.push_back({Cell("a|b"), Cell(literal("<x & \"y\">"))});
  EXPECT_EQ(markdown({t}), "| Name | Value |\n| --- | --- |\n| a\\|b | \\<x & \"y\"\\> |\n\n");
  const std::string h = html({t});
  EXPECT_TRUE(contains(h, "<td>a|b</td><td>&lt;x &amp; \"y\"&gt;</td>")) << h;

  const std::string p =
      html({Paragraph{literal("*not bold* & `not code` <b>"), Paragraph::Style::plain}});
  EXPECT_EQ(p, "<p>*not bold* &amp; `not code` &lt;b&gt;</p>\n");
  EXPECT_EQ(
      html({Paragraph{"**bold** `a<b` _em_ short_1k", Paragraph::Style::banner}}),
      "<p class=\"banner\"><strong>bold</strong> <code>a&lt;b</code> <em>em</em> short_1k</p>\n");
}

TEST(Document, FigureInBothOutputs) {
  Figures f;
  f.figures.push_back(
      {{"<svg id=\"a\"></svg>", "<svg id=\"b\"></svg>"}, "TTFT vs **input**", "charts/ttft.svg"});
  f.figures.push_back({{"<svg id=\"c\"></svg>"}, "HTML only", ""});
  f.note = "No per-request records: the CDF is left out.";
  EXPECT_EQ(markdown({f}), "![TTFT vs **input**](charts/ttft.svg)\n\n");
  const std::string h = html({f});
  EXPECT_TRUE(contains(h,
                       "<figure class=\"chart pair\"><div class=\"panels\">\n"
                       "<div class=\"panel\"><svg id=\"a\"></svg></div>\n"
                       "<div class=\"panel\"><svg id=\"b\"></svg></div>\n"
                       "</div><figcaption>TTFT vs <strong>input</strong></figcaption></figure>"))
      << h;
  EXPECT_TRUE(contains(h, "<figure class=\"chart\">")) << h;
  EXPECT_TRUE(contains(h, "<p class=\"note\">No per-request records: the CDF is left out.</p>")) << h;
}

TEST(Document, SectionsHaveStableAnchors) {
  Document d;
  d.lang = "en";
  d.title = "Report · a<b";
  d.contents = "Contents";
  d.header = {Heading{1, "Report"}, Paragraph{"Run `x`", Paragraph::Style::meta}};
  d.sections.push_back({"summary", "2. Benchmark summary", {Paragraph{"Text."}}});
  d.sections.push_back({"conclusions", "5. Conclusions", {List{{{"A.", {"**Evidence:** e"}}}}}});
  std::ostringstream md, page;
  write_markdown(d, md);
  write_html(d, page);
  EXPECT_EQ(md.str(),
            "# Report\n\nRun `x`\n\n## 2. Benchmark summary\n\nText.\n\n## 5. Conclusions\n\n"
            "- A.\n  **Evidence:** e\n\n");
  const std::string h = page.str();
  EXPECT_TRUE(contains(h, "<title>Report · a&lt;b</title>")) << h;
  EXPECT_TRUE(contains(h, "<li><a href=\"#summary\">2. Benchmark summary</a></li>")) << h;
  EXPECT_TRUE(contains(h, "<section id=\"conclusions\">\n<h2>5. Conclusions</h2>\n")) << h;
  EXPECT_TRUE(contains(h, "<li>A. <strong>Evidence:</strong> e</li>")) << h;
  EXPECT_TRUE(contains(h, "<p class=\"meta\">Run <code>x</code></p>")) << h;
}

TEST(Document, KeyValuesNoteAndCode) {
  const std::vector<Block> blocks{KeyValues{{{"GPU", "H100 × 2"}}}, Note{"**Stopped**: x"},
                                  Code{{"line <1>", "line 2"}}};
  EXPECT_EQ(markdown(blocks),
            "- **GPU**: H100 × 2\n\n> **Stopped**: x\n\n```\nline <1>\nline 2\n```\n\n");
  EXPECT_EQ(html(blocks),
            "<table class=\"kv\"><tbody>\n<tr><th scope=\"row\">GPU</th><td>H100 × 2</td></tr>\n"
            "</tbody></table>\n<blockquote class=\"warning\"><p><strong>Stopped</strong>: "
            "x</p></blockquote>\n"
            "<pre>line &lt;1&gt;\nline 2\n</pre>\n");
}

TEST(Document, HeaderCellsOfACatalogueRow) {
  EXPECT_EQ(header_cells("| a | b c |"), (std::vector<Inline>{"a", "b c"}));
  EXPECT_EQ(header_cells("| Scenario | Input length"),
            (std::vector<Inline>{"Scenario", "Input length"}));
}

}  // namespace
}  // namespace sonde::report::doc
