#pragma once
// The simulator's tokenizer: deterministic and stateless, roughly one token per Hangul syllable,
// per short English word (longer words split into pieces of at most 4 letters), per punctuation
// mark and per run of at most 3 digits; a single space attaches to the token after it. Like a
// real BPE tokenizer it is not additive: count(a + b) != count(a) + count(b) in general.
// Ids encode their text arithmetically, so any id the simulator produced decodes without a
// vocabulary table, and the same text always gets the same ids in every process.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::sim {

using TokenId = int64_t;

// Llama 3 special tokens (ids as in Llama 3's vocabulary).
inline constexpr TokenId kBeginOfText = 128000;  // <|begin_of_text|>
inline constexpr TokenId kEndOfText = 128001;    // <|end_of_text|>
inline constexpr TokenId kStartHeader = 128006;  // <|start_header_id|>
inline constexpr TokenId kEndHeader = 128007;    // <|end_header_id|>
inline constexpr TokenId kEotId = 128009;        // <|eot_id|>

// Tokens of plain text; special-token strings in it are tokenized as ordinary text.
std::vector<TokenId> encode_text(std::string_view text);

// Tokens of text in which special-token strings ("<|eot_id|>", ...) are single tokens, as
// when a rendered chat template is tokenized.
std::vector<TokenId> encode_with_specials(std::string_view text);

// The text of one token, or nullopt when the id is not one this tokenizer produces.
std::optional<std::string> token_text(TokenId id);

// The concatenated text of ids, or nullopt (and the first bad id in *bad) if one is unknown.
std::optional<std::string> decode(std::span<const TokenId> ids, TokenId* bad = nullptr);

}  // namespace sonde::sim
