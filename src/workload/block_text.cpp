#include "workload/block_text.hpp"

#include <algorithm>
#include <cstdlib>

#include "workload/prompt_batch.hpp"

namespace sonde {
namespace {

// Seeds of the shared and the unique words kept apart, so no unique tail equals a block.
constexpr uint64_t kUniqueDomain = 0x5DEECE66DULL;

// `n` words of the sequence seeded by `seed` (four per word_nonce), appended to `out`.
void append_words(std::string& out, uint64_t seed, int64_t n) {
  for (int64_t k = 0; k < n; k += 4) {
    const std::string nonce = word_nonce(seed, static_cast<uint64_t>(k / 4));
    const int64_t take = std::min<int64_t>(4, n - k);
    std::size_t end = 0;
    for (int64_t w = 0; w < take; ++w) end = nonce.find(' ', end + (w > 0 ? 1 : 0));
    if (!out.empty()) out += ' ';
    out += take == 4 ? nonce : nonce.substr(0, end);
  }
}

}  // namespace

std::string block_text(const BlockTextSpec& spec, int64_t words) {
  std::string out;
  const int64_t per_block = std::max<int64_t>(1, spec.block_tokens);
  const int64_t shared =
      std::min<int64_t>(words / per_block, static_cast<int64_t>(spec.hash_ids.size()));
  out.reserve(static_cast<std::size_t>(words) * 5);
  for (int64_t b = 0; b < shared; ++b) {
    append_words(out,
                 spec.seed + static_cast<uint64_t>(spec.hash_ids[static_cast<std::size_t>(b)]) *
                                 0x9E3779B1ULL,
                 per_block);
  }
  append_words(out, (spec.seed ^ kUniqueDomain) + spec.unique_id * 0x9E3779B1ULL,
               words - shared * per_block);
  return out;
}

Prompt block_prompt(const BlockTextSpec& spec, int64_t target_tokens, int64_t overhead,
                    const TokenCounter& count) {
  Prompt best;
  int64_t words = std::max<int64_t>(1, target_tokens - overhead);
  for (int attempt = 0; attempt < 4; ++attempt) {
    Prompt p;
    p.text = block_text(spec, words);
    p.tokens = count(p.text);
    p.counter_calls = best.counter_calls + 1;
    const bool closer = attempt == 0 || std::llabs(p.tokens - target_tokens) <
                                            std::llabs(best.tokens - target_tokens);
    if (closer) {
      best.text = std::move(p.text);
      best.tokens = p.tokens;
    }
    best.counter_calls = p.counter_calls;
    if (best.tokens == target_tokens) break;
    const int64_t next = std::max<int64_t>(1, words + target_tokens - p.tokens);
    if (next == words) break;
    words = next;
  }
  return best;
}

}  // namespace sonde
