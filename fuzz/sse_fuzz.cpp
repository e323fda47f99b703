// libFuzzer target: the SSE parser fed the same bytes whole, in random splits and one byte at
// a time must deliver the same events (payloads and [DONE]) in every case: where a read ends
// must never change what the client sees. The first 8 bytes seed the split points.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "client/sse.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();  // libFuzzer reports an abort as a crash with the input saved
}

struct Result {
  std::vector<std::string> events;
  bool saw_done = false;
  long count = 0;
};

// Feeds `text` in pieces whose lengths come from `next_len`, then finishes the stream.
template <typename NextLen>
Result parse(std::string_view text, NextLen next_len) {
  Result r;
  sonde::SseParser parser([&r](std::string_view data) { r.events.emplace_back(data); });
  for (size_t pos = 0; pos < text.size();) {
    const size_t n = std::min(text.size() - pos, next_len());
    parser.feed(text.substr(pos, n));
    pos += n;
  }
  parser.finish();
  r.saw_done = parser.saw_done();
  r.count = parser.events();
  return r;
}

bool same(const Result& a, const Result& b) {
  return a.events == b.events && a.saw_done == b.saw_done && a.count == b.count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  uint64_t seed = 0;
  const size_t head = std::min<size_t>(size, 8);
  std::memcpy(&seed, data, head);
  const std::string_view text(reinterpret_cast<const char*>(data) + head, size - head);

  const Result whole = parse(text, [&] { return text.size() + 1; });
  check(whole.count == static_cast<long>(whole.events.size()));
  bool done = false;
  for (const auto& e : whole.events) done = done || e == "[DONE]";
  check(done == whole.saw_done);

  uint64_t state = seed | 1;
  const Result split = parse(text, [&] {
    state ^= state << 13;  // xorshift64: cheap and reproducible from the input
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<size_t>(state % 17);  // 0-byte reads too: feed("") must be harmless
  });
  check(same(whole, split));
  const Result bytes = parse(text, [] { return size_t{1}; });
  check(same(whole, bytes));

  // A parser reused after reset() behaves like a new one.
  Result reused;
  sonde::SseParser parser([&reused](std::string_view d) { reused.events.emplace_back(d); });
  parser.feed("data: stale\n\ndata: half");
  parser.reset();
  reused.events.clear();
  parser.feed(text);
  parser.finish();
  reused.saw_done = parser.saw_done();
  reused.count = parser.events();
  check(same(whole, reused));
  return 0;
}
