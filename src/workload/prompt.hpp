#pragma once
// Prompt synthesis calibrated to an exact server-counted token length.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace sonde {

// Counts the tokens the server will see for a user message (or completion prompt) `text`,
// including the chat template where the endpoint applies one. Backed by POST /tokenize or a
// max_tokens=1 probe in production, by a fake tokenizer in tests. May throw sonde::Error.
using TokenCounter = std::function<int64_t(const std::string& text)>;

struct Prompt {
  std::string text;       // the user message / completion prompt
  int64_t tokens = 0;     // server-counted tokens of `text` (template included)
  int counter_calls = 0;  // calls to the TokenCounter spent on it
};

class Corpus;

class PromptFactory {
 public:
  // `corpus` must outlive the factory. `seed` makes prompts reproducible.
  PromptFactory(const Corpus& corpus, uint64_t seed);

  // A prompt of `target_tokens` server tokens (within max(1 %, 2 tokens)), starting with a
  // request-unique `nonce` so no two prompts share a prefix from their first token. Throws
  // sonde::UsageError when the target cannot be reached (e.g. below the fixed overhead).
  // Text: nonce + " " + instruction + "\n\n" + document, the document a slice of the corpus
  // from a paragraph that changes with every call. When the tokenizer jumps over the tolerance
  // band at every cut point it returns the closest count it found (Prompt::tokens says which);
  // errors thrown by `count` propagate.
  Prompt make(int64_t target_tokens, std::string_view nonce, const TokenCounter& count);

 private:
  const Corpus& corpus_;
  uint64_t seed_;
  uint64_t made_ = 0;
};

// A short request-unique tag such as "[doc 3f9a2c71]" to pass as `nonce`: distinct for
// distinct n (below 2^32) under one seed, and different across seeds.
std::string make_nonce(uint64_t seed, uint64_t n);

}  // namespace sonde
