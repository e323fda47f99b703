#pragma once
// vLLM's response shapes: SSE chunks of chat and completions streams, and non-stream bodies
// (docs/vllm-facts.md). Keys are emitted in vLLM's order.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sonde::sim {

// What every chunk of one response repeats.
struct ResponseMeta {
  std::string id;       // "chatcmpl-..." or "cmpl-..."
  std::string model;    // served model name
  int64_t created = 0;  // Unix time of the request (s)
  bool chat = true;     // chat.completion(.chunk) vs text_completion
};

struct Usage {
  int64_t prompt_tokens = 0;      // prompt length (tokens)
  int64_t completion_tokens = 0;  // generated so far (tokens)
  // Of completion_tokens, those spent reasoning (--reasoning-tokens); shown as OpenAI's
  // completion_tokens_details.reasoning_tokens when set.
  std::optional<int64_t> reasoning_tokens = std::nullopt;
  // Prompt tokens served from the prefix cache, shown as prompt_tokens_details.cached_tokens
  // when set (--enable-prompt-tokens-details, as vLLM).
  std::optional<int64_t> cached_tokens = std::nullopt;
};

inline constexpr std::string_view kSseDone = "data: [DONE]\n\n";

// "data: {role chunk}\n\n" (chat only); usage is set when continuous usage is on.
std::string sse_role_chunk(const ResponseMeta& meta, const std::optional<Usage>& usage);
// "data: {token chunk}\n\n" with content/text; finish_reason null when finish is empty.
std::string sse_token_chunk(const ResponseMeta& meta, std::string_view text,
                            std::string_view finish, const std::optional<Usage>& usage);
// "data: {usage chunk, choices: []}\n\n".
std::string sse_usage_chunk(const ResponseMeta& meta, const Usage& usage);
// The non-stream body (chat.completion or text_completion).
std::string full_response(const ResponseMeta& meta, std::string_view text, std::string_view finish,
                          const Usage& usage);

// A random 32-hex-digit id, as vLLM uses when the client sends no x-request-id.
std::string random_hex_id();

}  // namespace sonde::sim
