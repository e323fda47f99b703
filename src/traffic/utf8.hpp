#pragma once
// UTF-8 checks for dataset text: prompts are sent to the server verbatim, so a byte that is not
// UTF-8 is an error at load time rather than a 400 from vLLM mid-run.
#include <cstddef>
#include <string>
#include <string_view>

namespace sonde::traffic {

// Offset of the first byte that does not start or continue a well-formed UTF-8 sequence
// (overlong forms, surrogates and code points above U+10FFFF included), or npos when `s` is
// valid.
std::size_t first_invalid_utf8(std::string_view s);

// Number of Unicode code points in valid UTF-8 `s`: the "chars" of max_input_len.
std::size_t utf8_length(std::string_view s);

// `s` cut to at most `max_bytes` (never inside a UTF-8 sequence), in double quotes; newlines and
// tabs as \n, \t, \r, other bytes that are not printable ASCII or valid UTF-8 as \xNN: for
// quoting input inside an error message.
std::string quote_for_message(std::string_view s, std::size_t max_bytes = 40);

}  // namespace sonde::traffic
