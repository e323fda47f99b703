#pragma once
// Prompt text for replayed trace rows. A Mooncake row names its prompt's KV blocks by hash id
// (`block_tokens` tokens each; rows sharing a prefix share its first ids): equal ids must give
// equal text, so that the server's prefix cache sees what the traced system saw. Text is built
// from words that are one token each (workload/prompt_batch.hpp word_nonce), so a block of n
// tokens is n words; what does not fill a whole block is unique to the request.
#include <cstdint>
#include <string>
#include <vector>

#include "workload/prompt.hpp"

namespace sonde {

struct BlockTextSpec {
  uint64_t seed = 0;              // the same seed, ids and length give the same text
  std::vector<int64_t> hash_ids;  // block ids in prompt order (empty: all unique)
  int64_t block_tokens = 512;     // words per hash id
  uint64_t unique_id = 0;         // request-unique: seeds the words after the shared blocks
};

// `words` single-token words: block i (< words / block_tokens, < hash_ids.size()) from
// hash_ids[i], the rest from unique_id. Words are joined by single spaces.
std::string block_text(const BlockTextSpec& spec, int64_t words);

// A prompt of `target_tokens` server-counted tokens (template included) built by block_text:
// starts from target - `overhead` words and corrects by the counter's answer (a few calls at
// most; one when the counter is additive over these words). Prompt::tokens is the last count;
// it differs from the target only when no word count hit it exactly.
Prompt block_prompt(const BlockTextSpec& spec, int64_t target_tokens, int64_t overhead,
                    const TokenCounter& count);

}  // namespace sonde
