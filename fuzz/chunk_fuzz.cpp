// libFuzzer target: ChunkReader (simdjson) and error_message_from_body (nlohmann) on arbitrary
// payloads. Invariants: exactly one outcome per payload; a payload read as JSON is JSON to an
// independent parser too; reading the same payload again (reused parser) gives the same facts;
// the error message is never longer than its cap and never cuts a UTF-8 sequence.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <cstdlib>
#include <string>
#include <string_view>

#include "client/chunk.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();  // libFuzzer reports an abort as a crash with the input saved
}

struct Facts {
  bool is_done, malformed, empty, has_text, has_error;
  std::string id, finish_reason, error_message, error_type, error_code;
  std::optional<int64_t> prompt_tokens, completion_tokens;
  bool operator==(const Facts&) const = default;
};

Facts facts(const sonde::ChunkInfo& c) {
  return {c.is_done,
          c.malformed,
          c.empty,
          c.has_text,
          c.has_error,
          std::string(c.id),
          std::string(c.finish_reason),
          c.error_message,
          c.error_type,
          c.error_code,
          c.prompt_tokens,
          c.completion_tokens};
}

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

sonde::ChunkReader& reader() {
  static sonde::ChunkReader r;  // reused across inputs, as the client reuses one per loop
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  const Facts first = facts(reader().read(payload));
  check(first.is_done + first.malformed + first.empty <= 1);
  if (!first.is_done && !first.malformed && !first.empty) {
    // simdjson said "a JSON object": nlohmann must agree.
    const auto j = nlohmann::json::parse(payload, nullptr, false);
    check(!j.is_discarded() && j.is_object());
  }
  if (first.has_text || first.has_error || !first.id.empty()) {
    check(!first.malformed && !first.is_done && !first.empty);
  }
  (void)reader().read("{\"id\":\"other\",\"choices\":[{\"delta\":{\"content\":\"x\"}}]}");
  check(facts(reader().read(payload)) == first);

  const size_t cap = size == 0 ? 0 : data[0] % 64;
  const std::string msg = sonde::error_message_from_body(payload, cap);
  check(msg.size() <= cap);
  // Trimming to the cap never cuts a UTF-8 sequence of a valid message (Korean texts).
  if (valid_utf8(sonde::error_message_from_body(payload, SIZE_MAX))) check(valid_utf8(msg));
  const std::string full = sonde::error_message_from_body(payload);
  check(full.size() <= 2048);
  return 0;
}
