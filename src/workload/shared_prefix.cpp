#include "workload/shared_prefix.hpp"

#include <fmt/format.h>

#include "util/error.hpp"
#include "workload/prompt_batch.hpp"

namespace sonde {
namespace {

// Seed of the suffixes' word nonces, apart from the prefixes' (any constant would do).
constexpr uint64_t kSuffixSeedMix = 0x5f1dULL;

}  // namespace

SharedPrefixPrompts make_shared_prefix_prompts(PromptFactory& factory,
                                               const SharedPrefixShape& shape, uint64_t seed,
                                               uint64_t first_n, const TokenCounter& counter,
                                               const std::string& nonce_tag) {
  SharedPrefixPrompts out;
  const TokenCounter counted = [&](const std::string& text) {
    ++out.counter_calls;
    return counter(text);
  };
  std::vector<std::vector<Prompt>> groups;
  for (int g = 0; g < shape.groups; ++g) {
    Prompt prefix;
    try {
      prefix =
          factory.make(shape.prefix_len,
                       word_nonce(seed, first_n + static_cast<uint64_t>(g)) + nonce_tag, counted);
    } catch (const UsageError& e) {
      throw UsageError(
          fmt::format("shared_prefix.prefix_len {} is too short: {}", shape.prefix_len, e.what()));
    }
    out.prefix_tokens.push_back(prefix.tokens);
    PromptBatchOptions options;
    options.bases = 2;  // the suffixes differ by their nonce; two documents are variety enough
    try {
      PromptBatch batch =
          make_prompt_batch(factory, prefix.tokens + shape.suffix_len, shape.requests_per_group,
                            seed ^ kSuffixSeedMix, 0, counted, options, prefix.text + "\n\n");
      groups.push_back(std::move(batch.prompts));
    } catch (const UsageError& e) {
      throw UsageError(
          fmt::format("shared_prefix.suffix_len {} is too short for the suffix's unique words and "
                      "instruction ({}); ask for a longer suffix",
                      shape.suffix_len, e.what()));
    }
  }
  for (int i = 0; i < shape.groups * shape.requests_per_group; ++i) {
    out.prompts.push_back(std::move(
        groups[static_cast<std::size_t>(i % shape.groups)][static_cast<std::size_t>(i / shape.groups)]));
  }
  return out;
}

int64_t expected_cached_tokens(std::span<const int64_t> prefix_tokens, int requests_per_group,
                               int block_size) {
  if (block_size <= 0 || requests_per_group <= 1) return 0;
  int64_t total = 0;
  for (const int64_t p : prefix_tokens) {
    total += static_cast<int64_t>(requests_per_group - 1) * (p / block_size) * block_size;
  }
  return total;
}

}  // namespace sonde
