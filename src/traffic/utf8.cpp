#include "traffic/utf8.hpp"

#include <fmt/format.h>

#include "util/utf8.hpp"

namespace sonde::traffic {

std::size_t first_invalid_utf8(std::string_view s) {
  return utf8::first_invalid(s).value_or(std::string_view::npos);
}

std::size_t utf8_length(std::string_view s) { return utf8::length(s); }

std::string quote_for_message(std::string_view s, std::size_t max_bytes) {
  std::string out = "\"";
  std::size_t i = 0;
  while (i < s.size() && i < max_bytes) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : utf8::sequence_length(s, i);
    if (c == '\n' || c == '\t' || c == '\r') {
      out += c == '\n' ? "\\n" : c == '\t' ? "\\t" : "\\r";
      ++i;
    } else if (n == 0 || (n == 1 && (c < 0x20 || c == 0x7F))) {
      out += fmt::format("\\x{:02X}", c);
      ++i;
    } else if (n == 1 && (c == '"' || c == '\\')) {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else {
      if (i + n > max_bytes) break;
      out.append(s.substr(i, n));
      i += n;
    }
  }
  out += i < s.size() ? "...\"" : "\"";
  return out;
}

}  // namespace sonde::traffic
