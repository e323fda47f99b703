#pragma once
// Parsing and validating the JSON bodies of vLLM's OpenAI endpoints, with vLLM's error texts.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/sim_server.hpp"

namespace sonde::sim {

// An error answered as {"error":{"message","type","param","code"}} with HTTP status = code.
struct ApiError {
  int status = 400;                      // HTTP status and "code"
  std::string type = "BadRequestError";  // vLLM's error type name
  std::string message;                   // human-readable text, as vLLM words it
  std::optional<std::string> param;      // offending request field, if any
};

std::string error_body(const ApiError& error);
ApiError model_not_found(const std::string& model);

enum class Endpoint { chat, completions };

// A validated generation request, reduced to what the simulator needs.
struct GenerationRequest {
  Endpoint endpoint = Endpoint::chat;  // which API it came through
  bool stream = false;                 // SSE or one JSON body
  bool include_usage = false;          // stream_options.include_usage: final usage chunk
  bool continuous_usage = false;       // stream_options.continuous_usage_stats: usage on each chunk
  int64_t prompt_tokens = 0;           // prompt length after templating (tokens)
  int64_t max_tokens = 0;              // effective output limit (tokens)
  int64_t output_tokens = 0;           // tokens the model will produce, EOS included (tokens)
  bool stops_on_eos = false;           // last token is EOS: finish_reason "stop", else "length"
  uint64_t seed = 0;                   // hash of the templated prompt: drives the output text
  bool korean = false;                 // answer in Korean (the prompt contains Hangul)
  std::vector<int64_t> prompt_ids;     // the templated prompt's token ids (prefix caching)
};

// Parses a /v1/chat/completions or /v1/completions body. Unknown fields are ignored.
std::variant<GenerationRequest, ApiError> parse_generation(std::string_view body, Endpoint endpoint,
                                                           const SimOptions& options);

// Bodies of POST /tokenize and /detokenize: {status, JSON body}.
std::pair<int, std::string> handle_tokenize(std::string_view body, const SimOptions& options);
std::pair<int, std::string> handle_detokenize(std::string_view body, const SimOptions& options);

// The name clients must send as "model" (served_model_name, else model).
const std::string& served_name(const SimOptions& options);

}  // namespace sonde::sim
