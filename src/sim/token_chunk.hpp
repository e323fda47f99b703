#pragma once
// The hot path of a stream: vLLM's token chunk (the same bytes as sse_token_chunk) appended
// as one HTTP/1.1 chunk straight into a connection's output buffer. The parts every chunk of
// a response repeats are rendered once per response, and the text is escaped in place, so a
// token costs no JSON library call and, once the buffers have grown, no allocation.
#include <optional>
#include <string>
#include <string_view>

#include "sim/api_response.hpp"

namespace sonde::sim {

// Appends one HTTP/1.1 chunk of chunked transfer encoding ("<hex size>\r\n<data>\r\n").
void append_http_chunk(std::string& out, std::string_view data);

class TokenChunkWriter {
 public:
  // `send_time_slot`: add the blank "sim_t_ns" slot of sim/send_times.hpp to every chunk.
  TokenChunkWriter(const ResponseMeta& meta, bool send_time_slot);

  // Appends the HTTP chunk carrying "data: {token chunk}\n\n" to `out`. finish "" = null.
  // `reasoning`: the text goes in delta.reasoning_content, as vLLM's reasoning parsers send
  // a chat model's thinking (chat only).
  void append(std::string& out, std::string_view text, std::string_view finish,
              const std::optional<Usage>& usage, bool reasoning = false);

 private:
  std::string head_;            // `data: {"id":...,"choices":[{"index":0,"delta":{"content":`
  std::string reasoning_head_;  // the same ending in `"delta":{"reasoning_content":`
  std::string event_;           // scratch: the event being rendered (kept for its capacity)
  bool chat_;                   // chat.completion.chunk vs text_completion
  bool slot_;                   // add the send-time slot
};

// Appends `s` as a JSON string literal (quotes included), exactly as nlohmann::json::dump
// with ensure_ascii=false and error_handler_t::replace writes it.
void append_json_string(std::string& out, std::string_view s);

}  // namespace sonde::sim
