#include "sim/text_gen.hpp"

#include <algorithm>
#include <array>

namespace sonde::sim {
namespace {

constexpr std::array<std::string_view, 48> kSyllables{
    "다", "는", "이", "가", "을", "를", "에", "의", "고", "서", "하", "한", "있", "습", "니", "로",
    "으", "지", "기", "수", "것", "들", "보", "요", "해", "도", "게", "시", "사", "정", "대", "부",
    "인", "리", "자", "제", "적", "성", "과", "결", "문", "장", "모", "델", "처", "속", "측", "능"};

constexpr std::array<std::string_view, 40> kWords{
    "the",  "a",    "of",   "to",   "and",  "in",   "is",   "it",   "that", "for",
    "on",   "with", "as",   "was",  "by",   "this", "be",   "are",  "from", "at",
    "or",   "an",   "but",  "not",  "we",   "can",  "more", "data", "time", "rate",
    "fast", "load", "test", "each", "very", "good", "high", "low",  "new",  "one"};

}  // namespace

uint64_t hash_text(std::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

bool contains_hangul(std::string_view text) {
  // Hangul syllables are U+AC00..U+D7A3: lead byte 0xEA..0xED in UTF-8.
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0xEA && b <= 0xED) return true;
  }
  return false;
}

int64_t eos_length(uint64_t seed, int64_t min_tokens, int64_t max_tokens) {
  const int64_t lo = std::max<int64_t>(1, min_tokens);
  if (max_tokens <= lo) return std::max<int64_t>(1, max_tokens);
  uint64_t z = seed + 0x9E3779B97F4A7C15ULL;  // one splitmix64 round decorrelates the hash
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return lo + static_cast<int64_t>(z % static_cast<uint64_t>(max_tokens - lo + 1));
}

TextStream::TextStream(uint64_t seed, bool korean) : state_(seed), korean_(korean) {}

uint64_t TextStream::draw() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::string TextStream::next() {
  if (words_in_sentence_ >= 6 && draw() % 4 == 0 && left_in_word_ == 0) {
    words_in_sentence_ = 0;
    return ".";
  }
  if (!korean_) {
    ++words_in_sentence_;
    return " " + std::string(kWords[draw() % kWords.size()]);
  }
  std::string piece;
  if (left_in_word_ == 0) {
    left_in_word_ = 2 + static_cast<int>(draw() % 3);
    ++words_in_sentence_;
    piece = " ";
  }
  --left_in_word_;
  return piece + std::string(kSyllables[draw() % kSyllables.size()]);
}

}  // namespace sonde::sim
