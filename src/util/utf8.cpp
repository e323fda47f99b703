#include "util/utf8.hpp"

#include <cstdint>

namespace sonde::utf8 {
namespace {

bool is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

// Follows the Unicode table of well-formed byte sequences (table 3-7).
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  if (b1 < lo || b1 > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (!is_cont(static_cast<unsigned char>(s[i + k]))) return 0;
  }
  return len;
}

std::size_t length(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += !is_cont(static_cast<unsigned char>(c));
  return n;
}

std::optional<std::size_t> first_invalid(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t len = sequence_length(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::nullopt;
}

bool is_boundary(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return pos == s.size();
  return !is_cont(static_cast<unsigned char>(s[pos]));
}

std::size_t floor_boundary(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return s.size();
  while (pos > 0 && !is_boundary(s, pos)) --pos;
  return pos;
}

ScriptCounts count_scripts(std::string_view s) {
  ScriptCounts out;
  bool in_word = false;
  for (std::size_t i = 0; i < s.size();) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len = 1;
    std::uint32_t cp = b0;
    if (b0 >= 0xE0 && b0 < 0xF0 && i + 2 < s.size()) {
      len = 3;
      cp = ((b0 & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
    } else if (b0 >= 0xC0) {
      len = b0 >= 0xF0 ? 4 : 2;
    }
    const bool space = cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r';
    if (!space && !in_word) ++out.words;
    in_word = !space;
    if (cp >= 0xAC00 && cp <= 0xD7A3) ++out.hangul;
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) ++out.latin;
    i += len;
  }
  return out;
}

}  // namespace sonde::utf8
