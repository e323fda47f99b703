#include "sim/tokenizer.hpp"

#include <array>
#include <utility>

namespace sonde::sim {
namespace {

// Id layout: each range encodes its token's text arithmetically (see decode_*).
constexpr TokenId kWsBase = 1000;           // runs of 1-4 whitespace characters
constexpr TokenId kDigitBase = 2000;        // runs of 1-3 digits, optionally after a space
constexpr TokenId kDigitSpan = 1331;        // 11^3
constexpr TokenId kByteBase = 5000;         // a byte that is not valid UTF-8
constexpr TokenId kCodePointBase = 200000;  // one code point, optionally after a space
constexpr TokenId kCodePointSpan = 0x110000;
constexpr TokenId kLetterBase = 3000000;  // 1-4 ASCII letters, optionally after a space
constexpr TokenId kLetterSpan = 7890481;  // 53^4

constexpr std::array<std::pair<TokenId, std::string_view>, 5> kSpecials{{
    {kBeginOfText, "<|begin_of_text|>"},
    {kEndOfText, "<|end_of_text|>"},
    {kStartHeader, "<|start_header_id|>"},
    {kEndHeader, "<|end_header_id|>"},
    {kEotId, "<|eot_id|>"},
}};

constexpr std::string_view kWsChars = " \t\n\r";

bool is_ws(char c) { return kWsChars.find(c) != std::string_view::npos; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
int letter_index(char c) { return c >= 'a' ? c - 'a' : 26 + (c - 'A'); }
char letter_char(int i) { return static_cast<char>(i < 26 ? 'a' + i : 'A' + (i - 26)); }

// Decodes one UTF-8 code point at text[pos]; returns {code point, length} or {-1, 1} if invalid.
std::pair<int64_t, size_t> next_code_point(std::string_view text, size_t pos) {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  size_t len = 0;
  int64_t cp = 0;
  if (b0 < 0x80) return {b0, 1};
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else
    return {-1, 1};
  if (pos + len > text.size()) return {-1, 1};
  for (size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(text[pos + i]);
    if ((b & 0xC0) != 0x80) return {-1, 1};
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr std::array<int64_t, 5> kMin{0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {-1, 1};
  return {cp, len};
}

void append_utf8(std::string& out, int64_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Whitespace text[begin, end) as tokens of at most 4 characters (base-5 digits, 0 = none).
void emit_whitespace(std::string_view text, size_t begin, size_t end, std::vector<TokenId>& out) {
  while (begin < end) {
    const size_t n = std::min<size_t>(4, end - begin);
    TokenId v = 0, scale = 1;
    for (size_t i = 0; i < n; ++i, scale *= 5) {
      v += static_cast<TokenId>(kWsChars.find(text[begin + i]) + 1) * scale;
    }
    out.push_back(kWsBase + v);
    begin += n;
  }
}

// Emits the non-whitespace token starting at text[pos] (after a space if `spaced`); returns
// the position after it.
size_t emit_token(std::string_view text, size_t pos, bool spaced, std::vector<TokenId>& out) {
  const TokenId space = spaced ? 1 : 0;
  if (is_letter(text[pos])) {
    TokenId v = 0, scale = 1;
    size_t n = 0;
    for (; n < 4 && pos + n < text.size() && is_letter(text[pos + n]); ++n, scale *= 53) {
      v += (letter_index(text[pos + n]) + 1) * scale;
    }
    out.push_back(kLetterBase + space * kLetterSpan + v);
    return pos + n;
  }
  if (is_digit(text[pos])) {
    TokenId v = 0, scale = 1;
    size_t n = 0;
    for (; n < 3 && pos + n < text.size() && is_digit(text[pos + n]); ++n, scale *= 11) {
      v += (text[pos + n] - '0' + 1) * scale;
    }
    out.push_back(kDigitBase + space * kDigitSpan + v);
    return pos + n;
  }
  const auto [cp, len] = next_code_point(text, pos);
  if (cp < 0) {
    out.push_back(kByteBase + static_cast<unsigned char>(text[pos]));
  } else {
    out.push_back(kCodePointBase + space * kCodePointSpan + cp);
  }
  return pos + len;
}

// Decodes `v` as little-endian digits in `base` (1..base-1, 0 terminates) through `to_char`.
template <typename F>
std::optional<std::string> decode_digits(TokenId v, TokenId base, size_t max_len, F to_char) {
  std::string s;
  while (v > 0) {
    const TokenId d = v % base;
    if (d == 0 || s.size() == max_len) return std::nullopt;
    s += to_char(static_cast<int>(d - 1));
    v /= base;
  }
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

std::vector<TokenId> encode_text(std::string_view text) {
  std::vector<TokenId> out;
  out.reserve(text.size() / 2 + 1);
  size_t pos = 0;
  while (pos < text.size()) {
    if (!is_ws(text[pos])) {
      pos = emit_token(text, pos, false, out);
      continue;
    }
    size_t end = pos;
    while (end < text.size() && is_ws(text[end])) ++end;
    // A final single space joins the next token, as in BPE vocabularies ("▁word").
    const bool attach =
        end < text.size() && text[end - 1] == ' ' && next_code_point(text, end).first >= 0;
    emit_whitespace(text, pos, attach ? end - 1 : end, out);
    pos = attach ? emit_token(text, end, true, out) : end;
  }
  return out;
}

std::vector<TokenId> encode_with_specials(std::string_view text) {
  std::vector<TokenId> out;
  size_t segment = 0, pos = 0;
  while ((pos = text.find("<|", pos)) != std::string_view::npos) {
    bool matched = false;
    for (const auto& [id, name] : kSpecials) {
      if (text.substr(pos, name.size()) != name) continue;
      const auto before = encode_text(text.substr(segment, pos - segment));
      out.insert(out.end(), before.begin(), before.end());
      out.push_back(id);
      pos += name.size();
      segment = pos;
      matched = true;
      break;
    }
    if (!matched) pos += 2;
  }
  const auto rest = encode_text(text.substr(segment));
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

std::optional<std::string> token_text(TokenId id) {
  for (const auto& [sid, name] : kSpecials) {
    if (sid == id) return std::string(name);
  }
  if (id >= kLetterBase && id < kLetterBase + 2 * kLetterSpan) {
    const TokenId v = (id - kLetterBase) % kLetterSpan;
    auto s = decode_digits(v, 53, 4, letter_char);
    if (s && id >= kLetterBase + kLetterSpan) s->insert(0, 1, ' ');
    return s;
  }
  if (id >= kCodePointBase && id < kCodePointBase + 2 * kCodePointSpan) {
    const TokenId cp = (id - kCodePointBase) % kCodePointSpan;
    if (cp >= 0xD800 && cp <= 0xDFFF) return std::nullopt;
    std::string s = id >= kCodePointBase + kCodePointSpan ? " " : "";
    append_utf8(s, cp);
    return s;
  }
  if (id >= kDigitBase && id < kDigitBase + 2 * kDigitSpan) {
    const TokenId v = (id - kDigitBase) % kDigitSpan;
    auto s = decode_digits(v, 11, 3, [](int d) { return static_cast<char>('0' + d); });
    if (s && id >= kDigitBase + kDigitSpan) s->insert(0, 1, ' ');
    return s;
  }
  if (id >= kWsBase && id < kWsBase + 625) {
    return decode_digits(id - kWsBase, 5, 4, [](int d) { return kWsChars[d]; });
  }
  if (id >= kByteBase && id < kByteBase + 256) {
    return std::string(1, static_cast<char>(id - kByteBase));
  }
  return std::nullopt;
}

std::optional<std::string> decode(std::span<const TokenId> ids, TokenId* bad) {
  std::string out;
  for (const TokenId id : ids) {
    auto piece = token_text(id);
    if (!piece) {
      if (bad) *bad = id;
      return std::nullopt;
    }
    out += *piece;
  }
  return out;
}

}  // namespace sonde::sim
