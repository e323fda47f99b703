#include "util/number_format.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sonde {

std::string number(double v, int decimals) {
  if (!std::isfinite(v)) return kMissing;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  std::string digits(buf);
  const auto dot = digits.find('.');
  const std::string int_part = digits.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : digits.substr(dot);
  // Built forwards rather than with insert(): g++ 12 -Wrestrict misfires on string::insert.
  std::string whole;
  for (std::size_t i = 0; i < int_part.size(); ++i) {
    if (i > 0 && (int_part.size() - i) % 3 == 0) whole.push_back(',');
    whole.push_back(int_part[i]);
  }
  // "-0.0" reads as a sign error; only a value that prints non-zero keeps its minus.
  const bool negative = v < 0 && (whole + frac).find_first_of("123456789") != std::string::npos;
  return (negative ? "-" : "") + whole + frac;
}

std::string autonum(double v) {
  if (!std::isfinite(v)) return kMissing;
  const double a = std::fabs(v);
  const int decimals = a < 1 ? 3 : a < 10 ? 2 : a < 1000 ? 1 : 0;
  return number(v, decimals);
}

std::string seconds_from_ms(double ms) {
  if (!std::isfinite(ms)) return kMissing;
  return number(ms / 1000.0, std::fabs(ms) < 1000 ? 3 : 2);
}

std::string trimmed(double v, int max_decimals) {
  std::string text = number(v, max_decimals);
  if (text.find('.') == std::string::npos) return text;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string integer(int64_t v) { return number(static_cast<double>(v), 0); }

}  // namespace sonde
