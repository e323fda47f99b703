#include "report/format.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "report/lang.hpp"

namespace sonde {
namespace {

TEST(ReportFormat, ThousandsSeparatorsAndRounding) {
  EXPECT_EQ("0", report::number(0, 0));
  EXPECT_EQ("999", report::number(999, 0));
  EXPECT_EQ("1,000", report::number(1000, 0));
  EXPECT_EQ("1,234,567.89", report::number(1234567.891, 2));
  EXPECT_EQ("-12,345.7", report::number(-12345.67, 1));
  EXPECT_EQ("1,000", report::number(999.6, 0));  // rounding carries into a new group
  EXPECT_EQ("0.0", report::number(-0.01, 1));    // no "-0.0"
}

TEST(ReportFormat, MissingFiguresAreADash) {
  EXPECT_EQ("—", report::number(std::numeric_limits<double>::quiet_NaN(), 2));
  EXPECT_EQ("—", report::autonum(std::numeric_limits<double>::infinity()));
  EXPECT_EQ("—", report::seconds_from_ms(std::nan("")));
}

TEST(ReportFormat, PrecisionFollowsMagnitude) {
  EXPECT_EQ("0.472", report::autonum(0.4721));
  EXPECT_EQ("6.35", report::autonum(6.3456));
  EXPECT_EQ("79.9", report::autonum(79.94));
  EXPECT_EQ("1,235", report::autonum(1234.6));
  EXPECT_EQ("20", report::trimmed(20, 2));
  EXPECT_EQ("2.5", report::trimmed(2.50, 2));
  EXPECT_EQ("1,000", report::trimmed(1000, 1));
  EXPECT_EQ("3.32", report::seconds_from_ms(3321.7));
  EXPECT_EQ("0.080", report::seconds_from_ms(79.9));
  EXPECT_EQ("12,345", report::integer(12345));
}

TEST(Lang, ParsesKoAndEnOnly) {
  EXPECT_EQ(Lang::ko, parse_lang("ko"));
  EXPECT_EQ(Lang::en, parse_lang("EN"));
  EXPECT_FALSE(parse_lang("kr"));
  EXPECT_FALSE(parse_lang(""));
  EXPECT_STREQ("ko", to_string(Lang::ko));
}

}  // namespace
}  // namespace sonde
