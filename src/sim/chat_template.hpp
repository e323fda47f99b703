#pragma once
// Llama 3's chat template, which the simulator applies to `messages` before tokenizing, so that
// a chat request's prompt_tokens includes the template's special tokens as vLLM's does.
#include <string>
#include <vector>

namespace sonde::sim {

struct ChatMessage {
  std::string role;     // "system", "user", "assistant", ...
  std::string content;  // the message text (text parts of a content array, concatenated)
};

// "<|begin_of_text|>" + per message "<|start_header_id|>ROLE<|end_header_id|>\n\nCONTENT<|eot_id|>"
// + (when add_generation_prompt) "<|start_header_id|>assistant<|end_header_id|>\n\n".
std::string render_chat(const std::vector<ChatMessage>& messages, bool add_generation_prompt);

}  // namespace sonde::sim
