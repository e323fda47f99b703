// The hand-rendered token chunk must be byte for byte what the JSON library renders
// (sse_token_chunk), for every response shape and for text that needs escaping.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/api_response.hpp"
#include "sim/send_times.hpp"
#include "sim/token_chunk.hpp"

namespace sonde::sim {
namespace {

std::string reference(const ResponseMeta& meta, std::string_view text, std::string_view finish,
                      const std::optional<Usage>& usage, bool slot) {
  std::string event = sse_token_chunk(meta, text, finish, usage);
  if (slot) event = with_send_time_slot(event);
  std::string out;
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", event.size());
  return size + event + "\r\n";
}

const std::vector<std::string>& texts() {
  static const std::vector<std::string> t = {" the",
                                             "",
                                             ".",
                                             " 다",
                                             "quote \" and backslash \\",
                                             "tab\there\nnewline\r\f\b",
                                             std::string("nul\0byte", 8),
                                             "\x01\x1f ctrl",
                                             "slash / and del \x7f",
                                             "emoji \xF0\x9F\x98\x80",
                                             "bad \xC3\x28 utf8",
                                             "truncated \xE2\x82",
                                             "overlong \xC0\xAF",
                                             "surrogate \xED\xA0\x80",
                                             "too big \xF4\x90\x80\x80",
                                             "lone continuation \x80",
                                             "</script>"};
  return t;
}

TEST(TokenChunk, SameBytesAsTheJsonLibraryForEveryShape) {
  for (const bool chat : {true, false}) {
    const ResponseMeta meta{chat ? "chatcmpl-req \"1\"" : "cmpl-x", "org/model-ä", 1732000000, chat};
    for (const bool slot : {false, true}) {
      TokenChunkWriter w(meta, slot);
      for (const std::string_view finish : {"", "stop", "length"}) {
        for (const auto& usage : {std::optional<Usage>{}, std::optional<Usage>(Usage{123, 45}),
                                  std::optional<Usage>(Usage{123, 45, 40})}) {
          for (const auto& text : texts()) {
            std::string out = "prefix";
            w.append(out, text, finish, usage);
            EXPECT_EQ(out, "prefix" + reference(meta, text, finish, usage, slot))
                << "chat=" << chat << " slot=" << slot << " finish=" << finish
                << " usage=" << usage.has_value() << " text=" << text;
          }
        }
      }
    }
  }
}

// --reasoning-tokens: the thinking goes in delta.reasoning_content (no content key), and usage
// carries completion_tokens_details.reasoning_tokens.
TEST(TokenChunk, ReasoningChunkCarriesReasoningContent) {
  const ResponseMeta meta{"chatcmpl-1", "m", 1732000000, true};
  TokenChunkWriter w(meta, false);
  std::string out;
  w.append(out, " hmm \"x\"", "", Usage{7, 3, 3}, true);
  const size_t from = out.find("data: ") + 6;
  const auto j = nlohmann::json::parse(out.substr(from, out.find("\n\n") - from));
  const auto& delta = j["choices"][0]["delta"];
  EXPECT_EQ(delta["reasoning_content"], " hmm \"x\"");
  EXPECT_FALSE(delta.contains("content"));
  EXPECT_EQ(j["usage"]["completion_tokens_details"]["reasoning_tokens"], 3);
  EXPECT_EQ(j["usage"]["completion_tokens"], 3);
}

TEST(TokenChunk, JsonStringMatchesTheLibraryOnEveryByte) {
  // Every single byte, and every byte after a valid two-byte lead, in the middle of text.
  for (int b = 0; b < 256; ++b) {
    for (const std::string& lead : {std::string("a"), std::string("\xC3")}) {
      const std::string s = "x" + lead + std::string(1, static_cast<char>(b)) + "y";
      std::string out;
      append_json_string(out, s);
      EXPECT_EQ(out, nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
          << "byte " << b;
    }
  }
}

}  // namespace
}  // namespace sonde::sim
