#pragma once
// What the simulated model "says": a deterministic stream of single-token pieces (Korean
// syllables for Korean prompts, short English words otherwise) and where it stops on its own.
#include <cstdint>
#include <string>
#include <string_view>

namespace sonde::sim {

// FNV-1a 64-bit hash: the seed for everything derived from a prompt.
uint64_t hash_text(std::string_view text);

// Whether text contains a Hangul syllable (U+AC00..U+D7A3).
bool contains_hangul(std::string_view text);

// Number of tokens (the last one being EOS) the model generates when EOS is not ignored:
// a pseudo-random value in [max(min_tokens, 1), max_tokens] derived from seed.
int64_t eos_length(uint64_t seed, int64_t min_tokens, int64_t max_tokens);

// An endless stream of text pieces, each of which the simulator's tokenizer reads as exactly
// one token.
class TextStream {
 public:
  TextStream(uint64_t seed, bool korean);
  std::string next();

 private:
  uint64_t draw();             // splitmix64
  uint64_t state_;             // generator state
  bool korean_;                // Korean syllables vs English words
  int left_in_word_ = 0;       // Korean: syllables left in the current word
  int words_in_sentence_ = 0;  // words since the last full stop
};

}  // namespace sonde::sim
