#include "workload/prompt.hpp"

#include <algorithm>
#include <cstdio>

#include "util/error.hpp"
#include "workload/calibrate.hpp"
#include "workload/corpus.hpp"
#include "workload/document.hpp"
#include "util/utf8.hpp"

namespace sonde {
namespace {

uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// A bijection on 32-bit integers (the "lowbias32" mixer), so distinct inputs give distinct tags.
uint32_t permute32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7FEB352DU;
  x ^= x >> 15;
  x *= 0x846CA68BU;
  x ^= x >> 16;
  return x;
}

std::size_t gcd(std::size_t a, std::size_t b) { return b == 0 ? a : gcd(b, a % b); }

// A step through the paragraphs coprime with their count: successive prompts start far apart
// and no start repeats until every paragraph has been used once.
std::size_t paragraph_stride(std::size_t count) {
  if (count <= 2) return 1;
  std::size_t stride = std::max<std::size_t>(1, count * 618 / 1000);
  while (gcd(stride, count) != 1) ++stride;
  return stride;
}

}  // namespace

PromptFactory::PromptFactory(const Corpus& corpus, uint64_t seed) : corpus_(corpus), seed_(seed) {}

Prompt PromptFactory::make(int64_t target_tokens, std::string_view nonce, const TokenCounter& count) {
  const uint64_t index = made_++;
  std::vector<std::string_view> segments = split_segments(corpus_.text());
  const std::size_t n = segments.size();
  const std::size_t start = n == 0 ? 0 : (splitmix64(seed_) % n + index * paragraph_stride(n)) % n;
  DocumentStream doc(std::move(segments), start, splitmix64(seed_ ^ splitmix64(index)));

  std::string prefix(nonce);
  prefix += ' ';
  prefix += corpus_.instruction();
  prefix += "\n\n";
  const std::string_view head = std::string_view(corpus_.text()).substr(0, 4096);
  const utf8::ScriptCounts sc = utf8::count_scripts(head);
  // First guess of UTF-8 bytes per server token; only the first probe depends on it.
  const double bytes_per_token = sc.hangul > sc.latin ? 3.3 : 4.6;
  return calibrate_prompt(prefix, doc, target_tokens, bytes_per_token, count);
}

std::string make_nonce(uint64_t seed, uint64_t n) {
  const uint32_t key = static_cast<uint32_t>(splitmix64(seed));
  char buf[32];
  std::snprintf(buf, sizeof buf, "[doc %08x]", permute32(static_cast<uint32_t>(n) ^ key));
  return buf;
}

}  // namespace sonde
