// The SVG writer: escaping, nice ticks (Heckbert), log ticks, scales, element output.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "chart/svg.hpp"

namespace sonde::svg {
namespace {

TEST(SvgEscape, TextAndAttributes) {
  EXPECT_EQ(escape_text("a<b & c>\"d\" 'e'"), "a&lt;b &amp; c&gt;\"d\" 'e'");
  EXPECT_EQ(escape_attr("a<b & c>\"d\" 'e'"), "a&lt;b &amp; c&gt;&quot;d&quot; &#39;e&#39;");
  EXPECT_EQ(escape_attr("입력 길이"), "입력 길이");  // UTF-8 passes through untouched
  EXPECT_EQ(escape_text(""), "");
}

TEST(SvgWriter, EscapesEverythingItWrites) {
  Writer w(100, 50, "t<'\">");
  w.element("rect", {{"x", "1"}, {"data-name", "a\"b"}}, "v < 5 & \"w\"");
  w.text(3, 4, "<&>", {{"class", "x'y"}});
  const std::string s = w.finish();
  EXPECT_EQ(
      s.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 50\" width=\"100%\"", 0),
      0u);
  EXPECT_NE(s.find("aria-label=\"t&lt;&#39;&quot;&gt;\""), std::string::npos);
  EXPECT_NE(
      s.find("<rect x=\"1\" data-name=\"a&quot;b\"><title>v &lt; 5 &amp; \"w\"</title></rect>"),
      std::string::npos);
  EXPECT_NE(s.find("<text x=\"3\" y=\"4\" class=\"x&#39;y\">&lt;&amp;&gt;</text>"),
            std::string::npos);
  EXPECT_EQ(s.substr(s.size() - 6), "</svg>");
}

TEST(SvgWriter, ClosesOpenGroups) {
  Writer w(10, 10, "");
  w.open_group({{"class", "a"}});
  w.open_group({});
  const std::string s = w.finish();
  EXPECT_NE(s.find("<g class=\"a\"><g></g></g></svg>"), std::string::npos);
}

TEST(SvgCoord, OneDecimalNoNegativeZero) {
  EXPECT_EQ(coord(12), "12");
  EXPECT_EQ(coord(12.345), "12.3");
  EXPECT_EQ(coord(-0.01), "0");
  EXPECT_EQ(coord(-3.96), "-4");
  EXPECT_EQ(coord(NAN), "0");
}

TEST(NiceNumber, OneTwoFive) {
  EXPECT_DOUBLE_EQ(nice_number(639, false), 1000);
  EXPECT_DOUBLE_EQ(nice_number(250, true), 200);
  EXPECT_DOUBLE_EQ(nice_number(0.031, true), 0.05);
  EXPECT_DOUBLE_EQ(nice_number(1.4, true), 1);
  EXPECT_DOUBLE_EQ(nice_number(7, true), 10);
  EXPECT_DOUBLE_EQ(nice_number(2, false), 2);
}

struct TickCase {
  double lo, hi;
  std::vector<double> expected;
  int decimals;
};

class NiceTicks : public ::testing::TestWithParam<TickCase> {};

TEST_P(NiceTicks, CoverTheRangeInOneTwoFiveSteps) {
  const TickCase& c = GetParam();
  const Ticks t = nice_ticks(c.lo, c.hi);
  ASSERT_EQ(t.values.size(), c.expected.size());
  for (std::size_t i = 0; i < c.expected.size(); ++i)
    EXPECT_DOUBLE_EQ(t.values[i], c.expected[i]) << i;
  EXPECT_EQ(t.decimals, c.decimals);
  EXPECT_LE(t.lo, std::min(c.lo, c.hi));
  EXPECT_GE(t.hi, std::max(c.lo, c.hi));
}

INSTANTIATE_TEST_SUITE_P(
    Ranges, NiceTicks,
    ::testing::Values(TickCase{0, 1, {0, 0.2, 0.4, 0.6, 0.8, 1}, 1},
                      TickCase{0, 639.1, {0, 200, 400, 600, 800}, 0},
                      TickCase{0, 100, {0, 20, 40, 60, 80, 100}, 0},
                      TickCase{0, 3.95, {0, 1, 2, 3, 4}, 0},
                      TickCase{1000, 10000, {0, 2000, 4000, 6000, 8000, 10000}, 0},
                      TickCase{6.34, 6.47, {6.3, 6.35, 6.4, 6.45, 6.5}, 2},
                      TickCase{-5, 5, {-6, -4, -2, 0, 2, 4, 6}, 0},
                      TickCase{0.001, 0.0042, {0.001, 0.002, 0.003, 0.004, 0.005}, 3},
                      TickCase{42, 42, {20, 30, 40, 50, 60, 70}, 0},  // one value: widened
                      TickCase{0, 0, {0, 0.2, 0.4, 0.6, 0.8, 1}, 1},
                      TickCase{10, 0, {0, 2, 4, 6, 8, 10}, 0}));  // reversed input

TEST(NiceTicks, NonFiniteInputGivesAUnitAxis) {
  const Ticks t = nice_ticks(NAN, INFINITY);
  EXPECT_EQ(t.lo, 0);
  EXPECT_EQ(t.hi, 1);
}

TEST(LogTicks, DecadesWhenTheRangeIsWide) {
  const Ticks t = log_ticks(3, 45000);
  EXPECT_EQ(t.values, (std::vector<double>{1, 10, 100, 1000, 10000, 100000}));
  EXPECT_EQ(t.lo, 1);
  EXPECT_EQ(t.hi, 100000);
}

TEST(LogTicks, OneTwoFiveOverFewDecades) {
  const Ticks t = log_ticks(80, 1642);
  EXPECT_EQ(t.values, (std::vector<double>{50, 100, 200, 500, 1000, 2000}));
}

TEST(LogTicks, InsideOneDecadeStillTwoTicks) {
  const Ticks t = log_ticks(120, 180);
  EXPECT_EQ(t.values, (std::vector<double>{100, 200}));
  const Ticks small = log_ticks(0.02, 0.07);
  EXPECT_EQ(small.values.front(), 0.02);
  EXPECT_EQ(small.values.back(), 0.07);
  EXPECT_EQ(small.decimals, 2);
}

TEST(Scale, LinearMapsDomainOntoRange) {
  const Scale s = Scale::linear(0, 10, 300, 100);  // y axis: up is smaller y
  EXPECT_DOUBLE_EQ(s(0), 300);
  EXPECT_DOUBLE_EQ(s(10), 100);
  EXPECT_DOUBLE_EQ(s(2.5), 250);
  EXPECT_FALSE(s.is_log());
}

TEST(Scale, LogSpacesDecadesEqually) {
  const Scale s = Scale::log(1, 1000, 0, 300);
  EXPECT_DOUBLE_EQ(s(1), 0);
  EXPECT_NEAR(s(10), 100, 1e-9);
  EXPECT_NEAR(s(100), 200, 1e-9);
  EXPECT_NEAR(s(1000), 300, 1e-9);
  EXPECT_TRUE(s.is_log());
  EXPECT_DOUBLE_EQ(s(0), 0);  // non-positive values pin to the axis start, not NaN
}

TEST(Scale, EmptyDomainMapsToTheMiddle) { EXPECT_DOUBLE_EQ(Scale::linear(5, 5, 0, 100)(5), 50); }

TEST(Palette, DistinctColoursAndDashes) {
  EXPECT_STRNE(series_color(0), series_color(1));
  EXPECT_STREQ(series_dash(0), "");
  EXPECT_STRNE(series_dash(1), "");
  EXPECT_STREQ(series_color(0), series_color(7));  // cycles
}

TEST(ApproxTextWidth, HangulIsWiderThanLatin) {
  EXPECT_DOUBLE_EQ(approx_text_width("abcd", 10), 24);
  EXPECT_DOUBLE_EQ(approx_text_width("평균", 10), 20);
}

}  // namespace
}  // namespace sonde::svg
