#include "traffic/azure_time.hpp"

#include <cstdint>

namespace sonde::traffic {
namespace {

// Reads exactly `digits` decimal digits at text[pos].
std::optional<int> number(std::string_view text, std::size_t pos, std::size_t digits) {
  if (pos + digits > text.size()) return std::nullopt;
  int n = 0;
  for (std::size_t i = pos; i < pos + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    n = n * 10 + (text[i] - '0');
  }
  return n;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<std::int64_t> parse_azure_timestamp_ns(std::string_view t) {
  // YYYY-MM-DD HH:MM:SS
  // 0123456789012345678
  if (t.size() < 19 || t[4] != '-' || t[7] != '-' || (t[10] != ' ' && t[10] != 'T') ||
      t[13] != ':' || t[16] != ':') {
    return std::nullopt;
  }
  const auto year = number(t, 0, 4), month = number(t, 5, 2), day = number(t, 8, 2);
  const auto hour = number(t, 11, 2), minute = number(t, 14, 2), second = number(t, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (*month < 1 || *month > 12 || *day < 1 ||
      *day > kDays[*month - 1] + (*month == 2 && leap(*year))) {
    return std::nullopt;
  }
  if (*hour > 23 || *minute > 59 || *second > 60) return std::nullopt;  // 60: a leap second
  // Nanoseconds in an int64 reach year 2262; any two times in 1970-2200 subtract safely too.
  if (*year < 1970 || *year > 2200) return std::nullopt;
  std::int64_t fraction_ns = 0;
  if (t.size() > 19) {
    if (t[19] != '.' || t.size() == 20) return std::nullopt;
    std::int64_t scale = 100'000'000;  // the first fractional digit is tenths of a second
    for (std::size_t i = 20; i < t.size(); ++i) {
      if (t[i] < '0' || t[i] > '9') return std::nullopt;
      fraction_ns += (t[i] - '0') * scale;
      scale /= 10;
    }
  }
  const std::int64_t days =
      days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
  const std::int64_t seconds = days * 86400 + *hour * 3600 + *minute * 60 + *second;
  return seconds * 1'000'000'000 + fraction_ns;
}

}  // namespace sonde::traffic
