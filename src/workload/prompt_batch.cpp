#include "workload/prompt_batch.hpp"

#include <algorithm>
#include <array>

namespace sonde {
namespace {

// 64 words of 3-4 letters: one token each with a leading space in Llama 3 / GPT-style BPE
// vocabularies and in the simulator's tokenizer; 64^4 = 2^24 distinct nonces.
constexpr std::array<const char*, 64> kWords = {
    "oak",  "fox",  "sun",  "map",  "red",  "blue", "cat",  "dog",  "sea",  "sky",  "tree",
    "rock", "fish", "bird", "cake", "milk", "rain", "snow", "wind", "fire", "gold", "iron",
    "salt", "corn", "rice", "lamp", "door", "road", "ship", "king", "moon", "star", "leaf",
    "seed", "farm", "hill", "lake", "sand", "wood", "wall", "book", "song", "game", "ball",
    "card", "coin", "bell", "ring", "rose", "lion", "bear", "wolf", "frog", "duck", "goat",
    "pig",  "cow",  "hat",  "cup",  "box",  "pen",  "key",  "egg",  "bus"};

uint32_t mix24(uint64_t seed, uint64_t n) {
  // An invertible affine map on 24 bits (odd multiplier), so distinct n give distinct nonces.
  const uint32_t key = static_cast<uint32_t>((seed * 0x9E3779B97F4A7C15ULL) >> 40);
  return static_cast<uint32_t>((n * 0x5BD1E9ULL + key) & 0xFFFFFF);
}

}  // namespace

std::string word_nonce(uint64_t seed, uint64_t n) {
  const uint32_t x = mix24(seed, n);
  std::string out;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) out += ' ';
    out += kWords[(x >> (6 * i)) & 63];
  }
  return out;
}

PromptBatch make_prompt_batch(PromptFactory& factory, int64_t target_tokens, int count,
                              uint64_t seed, uint64_t first_n, const TokenCounter& counter,
                              const PromptBatchOptions& options, const std::string& lead) {
  PromptBatch batch;
  int calls = 0;
  const TokenCounter counted = [&](const std::string& text) {
    ++calls;
    return counter(text);
  };
  const auto nonce_of = [&](uint64_t i) {
    return lead + word_nonce(seed, first_n + i) + options.nonce_tag;
  };
  std::vector<Prompt> bases;
  std::vector<std::string> base_nonces;
  const int n_bases = std::max(1, std::min(options.bases, count));
  for (int b = 0; b < n_bases; ++b) {
    base_nonces.push_back(nonce_of(static_cast<uint64_t>(b)));
    bases.push_back(factory.make(target_tokens, base_nonces.back(), counted));
  }
  const int every = std::max(1, options.spot_check_every);
  for (int i = 0; i < count; ++i) {
    const std::string nonce = nonce_of(static_cast<uint64_t>(i));
    if (batch.fell_back) {
      batch.prompts.push_back(factory.make(target_tokens, nonce, counted));
      continue;
    }
    const auto b = static_cast<std::size_t>(i % n_bases);
    if (i < n_bases) {
      batch.prompts.push_back(bases[b]);  // calibrated itself
      continue;
    }
    Prompt p;
    p.text = nonce + bases[b].text.substr(base_nonces[b].size());
    p.tokens = bases[b].tokens;
    if (i % every == 0 || i == count - 1) {
      ++batch.spot_checks;
      const int64_t seen = counted(p.text);
      p.counter_calls = 1;
      if (seen != p.tokens) {
        // The nonce is not token-neutral with this tokenizer: recount the unchecked prompts
        // made so far (recalibrating those that are off) and calibrate each one from here on.
        batch.fell_back = true;
        for (std::size_t j = 0; j < batch.prompts.size(); ++j) {
          Prompt& q = batch.prompts[j];
          if (q.counter_calls > 0) continue;  // calibrated or spot-checked already
          q.counter_calls = 1;
          if (counted(q.text) != q.tokens) {
            q = factory.make(target_tokens, nonce_of(j), counted);
          }
        }
        batch.prompts.push_back(factory.make(target_tokens, nonce, counted));
        continue;
      }
    }
    batch.prompts.push_back(std::move(p));
  }
  batch.counter_calls = calls;
  return batch;
}

}  // namespace sonde
