#pragma once
// Small UTF-8 helpers: the corpus loader, the prompt calibrator and the dataset loaders.
#include <cstddef>
#include <optional>
#include <string_view>

namespace sonde::utf8 {

// Length of the well-formed sequence starting at s[i] (1-4), or 0 when it is malformed (bad lead
// byte, truncated or invalid continuation, overlong form, surrogate, > U+10FFFF).
std::size_t sequence_length(std::string_view s, std::size_t i);

// Byte offset of the first malformed sequence in `s` (bad lead byte, truncated or invalid
// continuation, overlong form, surrogate, > U+10FFFF), or nullopt when `s` is valid UTF-8.
std::optional<std::size_t> first_invalid(std::string_view s);

// Number of code points in valid UTF-8 `s`.
std::size_t length(std::string_view s);

// True when byte `pos` of valid UTF-8 `s` starts a codepoint (or is s.size()).
bool is_boundary(std::string_view s, std::size_t pos);

// The largest codepoint boundary <= pos (clamped to s.size()).
std::size_t floor_boundary(std::string_view s, std::size_t pos);

// Counts of the kinds of characters that decide a text's language.
struct ScriptCounts {
  std::size_t hangul = 0;  // Hangul syllables U+AC00..U+D7A3 (codepoints)
  std::size_t latin = 0;   // ASCII letters (codepoints)
  std::size_t words = 0;   // whitespace-separated words
};
ScriptCounts count_scripts(std::string_view s);

}  // namespace sonde::utf8
