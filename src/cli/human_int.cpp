#include "cli/human_int.hpp"

#include <fmt/format.h>

#include <cctype>

#include "util/error.hpp"

namespace sonde {

int64_t parse_human_int(const std::string& text, const std::string& flag) {
  auto bad = [&] {
    return UsageError(
        fmt::format("{}: '{}' is not a token count; use e.g. 32768, 32k or 32K", flag, text));
  };
  if (text.empty()) throw bad();
  std::string digits = text;
  int64_t unit = 1;
  switch (text.back()) {
    case 'k':
      unit = 1000;
      break;
    case 'K':
      unit = 1024;
      break;
    case 'm':
      unit = 1000 * 1000;
      break;
    case 'M':
      unit = 1024 * 1024;
      break;
    default:
      break;
  }
  if (unit != 1) digits.pop_back();
  if (digits.empty() || digits.size() > 12) throw bad();
  for (char c : digits) {
    if (!std::isdigit(static_cast<unsigned char>(c))) throw bad();
  }
  return std::stoll(digits) * unit;
}

}  // namespace sonde
