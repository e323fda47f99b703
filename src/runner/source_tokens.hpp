#pragma once
// Server-counted tokens beyond ServerTokenCounter's single user message: a whole chat
// conversation (JSONL `messages` rows) and bare text without template or special tokens (the
// length of a ShareGPT answer, for `output_len: dataset`).
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "runner/target.hpp"

namespace sonde {

// Tokens the server sees for `messages` with the generation prompt: POST /tokenize, else a
// max_tokens=1 request's usage.prompt_tokens. Throws UnreachableError when neither answers.
int64_t count_chat_tokens(const Endpoint& endpoint, const std::string& model,
                          const nlohmann::json& messages);

// Tokens of `text` alone (no template, no special tokens): POST /tokenize with
// add_special_tokens false, else counter(text) - counter("") (at least 1).
int64_t count_plain_tokens(const Endpoint& endpoint, const std::string& model,
                           const std::string& text, ServerTokenCounter& counter);

// The request body for a chat conversation given as is (request_body's fields otherwise).
std::string chat_messages_body(const Endpoint& endpoint, const std::string& model,
                               const nlohmann::json& messages, const GenerationParams& params);

}  // namespace sonde
