#pragma once
// Tokenizers for calibration tests. Counts are deliberately not additive per character, as
// with real BPE tokenizers: appending a character may add 0, 1 or several tokens, or remove one.
#include <cstdint>
#include <string>
#include <string_view>

namespace sonde::test {

// Decodes the codepoint at s[i] and advances i (input is assumed valid UTF-8).
inline uint32_t next_codepoint(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1Fu) : len == 3 ? (b & 0x0Fu) : (b & 0x07u);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  i += static_cast<std::size_t>(len);
  return cp;
}

inline bool is_hangul(uint32_t cp) { return cp >= 0xAC00 && cp <= 0xD7A3; }
inline bool is_alpha(uint32_t cp) { return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'; }

inline std::size_t occurrences(std::string_view s, std::string_view what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string_view::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

// About one token per Hangul syllable and per short English word, like sonde's simulator, with
// merges: "니다" is one token and "습니다" is one token (so "습니" + "다" drops 2 -> 1), an ASCII
// word is one token per started 4 letters, "\n\n" is one token, and a chat template adds 12.
inline int64_t fake_count(const std::string& text) {
  int64_t tokens = 12;
  std::size_t i = 0;
  std::size_t letters = 0;  // length of the current ASCII word
  while (i < text.size()) {
    const uint32_t cp = next_codepoint(text, i);
    if (is_alpha(cp)) {
      if (letters % 4 == 0) ++tokens;
      ++letters;
      continue;
    }
    letters = 0;
    if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r') continue;
    ++tokens;  // Hangul syllable, digit, punctuation or any other codepoint
  }
  const auto seumnida = static_cast<int64_t>(occurrences(text, "습니다"));
  const auto nida = static_cast<int64_t>(occurrences(text, "니다"));
  tokens -= 2 * seumnida + (nida - seumnida);  // 습니다 -> 1 token, other 니다 -> 1 token
  tokens += static_cast<int64_t>(occurrences(text, "\n\n"));
  return tokens;
}

// A coarse counter: 12 + step * (codepoints / 5), so reachable counts are `step` apart and
// every fifth character jumps the count by `step`.
inline int64_t stepped_count(const std::string& text, int64_t step) {
  int64_t codepoints = 0;
  for (std::size_t i = 0; i < text.size();) {
    next_codepoint(text, i);
    ++codepoints;
  }
  return 12 + step * (codepoints / 5);
}

}  // namespace sonde::test
