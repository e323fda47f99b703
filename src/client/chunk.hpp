#pragma once
// Interpretation of one SSE data payload of an OpenAI-compatible stream (chat or completions):
// just the facts the timing needs, read with simdjson On-Demand from a reused parser.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sonde {

struct ChunkInfo {
  bool is_done = false;                      // payload was "[DONE]"
  bool malformed = false;                    // payload is not a JSON object
  bool empty = false;                        // payload was empty/blank (ignored by the client)
  std::string_view id;                       // top-level "id" ("" if absent); valid until next read
  bool has_text = false;                     // some choice carries non-empty generated text
  bool has_answer = false;                   // ... of it as `content` or `text` (the answer)
  bool has_reasoning = false;                // ... as `reasoning_content` / `reasoning`
  std::string_view answer_text;              // that answer text (the last choice's); as `id`
  std::string_view finish_reason;            // last non-null choices[].finish_reason, else ""
  std::optional<int64_t> prompt_tokens;      // usage.prompt_tokens when present and non-null
  std::optional<int64_t> completion_tokens;  // usage.completion_tokens when present and non-null
  std::optional<int64_t> reasoning_tokens;   // usage.completion_tokens_details.reasoning_tokens
  std::optional<int64_t> cached_tokens;      // usage.prompt_tokens_details.cached_tokens
  bool has_error = false;                    // an in-stream error object was present
  std::string error_message;                 // error.message (may be "")
  std::string error_type;                    // error.type (may be "")
  std::string error_code;                    // error.code as text (number or string; "" if null)
};

// Holds the reusable parser and padded scratch buffer; one per event loop (not thread-safe).
class ChunkReader {
 public:
  ChunkReader();
  ~ChunkReader();
  ChunkReader(const ChunkReader&) = delete;
  ChunkReader& operator=(const ChunkReader&) = delete;

  // Interprets one payload. The returned reference (and its views) is valid until the next call.
  const ChunkInfo& read(std::string_view payload);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The human-readable message of a non-2xx response body: `error.message` (current vLLM/OpenAI),
// top-level `message` (older vLLM) or `detail` (FastAPI), else the body itself; trimmed to
// `max_bytes`.
std::string error_message_from_body(std::string_view body, size_t max_bytes = 2048);

}  // namespace sonde
