#include "sim/token_chunk.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sim/send_times.hpp"

namespace sonde::sim {
namespace {

// Length of the valid UTF-8 sequence at s[i] (RFC 3629: no overlongs, surrogates or code
// points above U+10FFFF), 0 when it is not one.
size_t utf8_sequence(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(0);
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;  // overlong
    if (c == 0xED && b(1) > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && b(1) > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

void append_usage(std::string& out, const Usage& u) {
  fmt::format_to(std::back_inserter(out),
                 R"({{"prompt_tokens":{},"total_tokens":{},"completion_tokens":{})",
                 u.prompt_tokens, u.prompt_tokens + u.completion_tokens, u.completion_tokens);
  if (u.cached_tokens) {
    fmt::format_to(std::back_inserter(out), R"(,"prompt_tokens_details":{{"cached_tokens":{}}})",
                   *u.cached_tokens);
  }
  if (u.reasoning_tokens) {
    fmt::format_to(std::back_inserter(out),
                   R"(,"completion_tokens_details":{{"reasoning_tokens":{}}})", *u.reasoning_tokens);
  }
  out.push_back('}');
}

}  // namespace

void append_http_chunk(std::string& out, std::string_view data) {
  fmt::format_to(std::back_inserter(out), "{:x}\r\n", data.size());
  out.append(data);
  out.append("\r\n");
}

void append_json_string(std::string& out, std::string_view s) {
  const size_t start = out.size();
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const size_t n = utf8_sequence(s, i);
      if (n == 0) break;  // invalid UTF-8: the library's replacement below
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    if (c < 0x20) break;  // control characters: the library's escapes below (rare)
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(static_cast<char>(c));
    ++i;
  }
  if (i == s.size()) {
    out.push_back('"');
    return;
  }
  out.resize(start);
  out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TokenChunkWriter::TokenChunkWriter(const ResponseMeta& meta, bool send_time_slot)
    : chat_(meta.chat), slot_(send_time_slot) {
  head_ = "data: {\"id\":";
  append_json_string(head_, meta.id);
  head_ += meta.chat ? R"(,"object":"chat.completion.chunk")" : R"(,"object":"text_completion")";
  fmt::format_to(std::back_inserter(head_), ",\"created\":{},\"model\":", meta.created);
  append_json_string(head_, meta.model);
  reasoning_head_ = head_ + R"(,"choices":[{"index":0,"delta":{"reasoning_content":)";
  head_ += meta.chat ? R"(,"choices":[{"index":0,"delta":{"content":)"
                     : R"(,"choices":[{"index":0,"text":)";
}

void TokenChunkWriter::append(std::string& out, std::string_view text, std::string_view finish,
                              const std::optional<Usage>& usage, bool reasoning) {
  std::string& e = event_;
  e.assign(reasoning && chat_ ? reasoning_head_ : head_);
  append_json_string(e, text);
  e += chat_ ? "},\"logprobs\":null,\"finish_reason\":" : ",\"logprobs\":null,\"finish_reason\":";
  if (finish.empty()) {
    e += "null";
  } else {
    append_json_string(e, finish);
  }
  if (!finish.empty() || !chat_) e += ",\"stop_reason\":null";
  if (chat_) e += ",\"token_ids\":null";
  e += "}]";
  if (usage) {
    e += ",\"usage\":";
    append_usage(e, *usage);
  } else if (!chat_) {
    e += ",\"usage\":null";
  }
  if (slot_) {
    e += kSendTimeKey;
    e.append(kSendTimeWidth, ' ');
  }
  e += "}\n\n";
  append_http_chunk(out, e);
}

}  // namespace sonde::sim
