// libFuzzer target: the HTTP/1.1 response parser fed the same bytes whole, in random splits
// (0-byte reads included) and one byte at a time must agree on the body, status and every
// flag, before and after eof(): where a read ends must never change the response. The first 8
// bytes seed the split points.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "client/http1_response.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();  // libFuzzer reports an abort as a crash with the input saved
}

struct Flags {
  int status = 0;
  bool head_done = false, complete = false, failed = false, reusable = false;
  int64_t body_bytes = 0;

  explicit Flags(const sonde::Http1Response& p)
      : status(p.status()), head_done(p.head_done()), complete(p.complete()), failed(p.failed()),
        reusable(p.reusable()), body_bytes(p.body_bytes()) {}
  bool operator==(const Flags&) const = default;
};

struct Result {
  std::string body;
  Flags open, closed;  // before and after eof()
  bool operator==(const Result&) const = default;
};

// Feeds `text` in reads whose lengths come from `next_len` the way the transport does (next_body
// until each read is used up), then closes the connection.
template <typename NextLen>
Result parse(sonde::Http1Response& p, std::string_view text, NextLen next_len) {
  std::string body;
  for (size_t pos = 0; pos <= text.size();) {
    const size_t n = std::min(text.size() - pos, next_len());
    std::string_view in = text.substr(pos, n);
    do {
      const size_t before = in.size();
      const std::string_view b = p.next_body(in);
      check(in.size() < before || before == 0);  // always progress
      check(b.empty() || (b.data() >= text.data() + pos && b.data() + b.size() <= in.data()));
      body.append(b);
    } while (!in.empty());
    pos += n;
    if (pos == text.size()) break;
  }
  check(static_cast<int64_t>(body.size()) == p.body_bytes());
  const Flags open(p);
  p.eof();
  return Result{std::move(body), open, Flags(p)};
}

template <typename NextLen>
Result parse(std::string_view text, NextLen next_len) {
  sonde::Http1Response p;
  return parse(p, text, next_len);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  uint64_t seed = 0;
  const size_t head = std::min<size_t>(size, 8);
  std::memcpy(&seed, data, head);
  const std::string_view text(reinterpret_cast<const char*>(data) + head, size - head);

  const Result whole = parse(text, [&] { return text.size(); });
  const Flags& w = whole.open;
  check(!(w.complete && w.failed));
  check(!w.reusable || w.complete);
  check(!whole.closed.reusable);                                            // the peer closed
  check(!w.head_done || w.failed || (w.status >= 200 && w.status <= 999));  // 1xx are skipped

  uint64_t state = seed | 1;
  const Result split = parse(text, [&] {
    state ^= state << 13;  // xorshift64: cheap and reproducible from the input
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<size_t>(state % 23);  // 0-byte reads too: next_body("") must be harmless
  });
  check(split == whole);
  const Result bytes = parse(text, [] { return size_t{1}; });
  check(bytes == whole);

  // A parser reused after reset() behaves like a new one.
  sonde::Http1Response p;
  std::string_view stale = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x\r\nhel";
  while (!stale.empty()) p.next_body(stale);
  p.reset();
  check(parse(p, text, [&] { return text.size(); }) == whole);
  return 0;
}
