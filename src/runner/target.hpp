#pragma once
// What sonde learns from the server before measuring, and the requests it sends it.
#include <cstdint>
#include <optional>
#include <string>

#include "config/run_options.hpp"
#include "results/run_result.hpp"
#include "sim/identity.hpp"
#include "workload/prompt.hpp"

namespace sonde {

struct Endpoint {
  std::string base_url;                 // no trailing slash
  ApiEndpoint api = ApiEndpoint::chat;  // which API the requests go to (--endpoint)
  std::optional<std::string> api_key;   // bearer token; never logged
  bool chat() const { return api == ApiEndpoint::chat; }
  const char* path() const {
    return endpoint_path(api);
  }  // /v1/chat/completions or /v1/completions
};

// GET /v1/models and /version; a `sonde sim` is recognised by its x-sonde-sim header. Throws
// UnreachableError (exit 3) with a one-line message naming the URL when the server cannot be
// reached or does not answer like an OpenAI server. `model` is the requested name ("" = the
// first served model); returns the resolved info.
struct Discovery {
  std::string model;                 // model name to send
  ServerInfo server;                 // version, max_model_len, root
  std::optional<sim::Identity> sim;  // set when the server is `sonde sim` (its x-sonde-sim header)
};
Discovery discover(const Endpoint& endpoint, const std::string& model);

// Counts server tokens of a user message / prompt: POST /tokenize, else a max_tokens=1 probe.
class ServerTokenCounter {
 public:
  ServerTokenCounter(Endpoint endpoint, std::string model);
  int64_t count(const std::string& text);
  const std::string& method() const { return method_; }  // "tokenize" or "probe"
  int calls() const { return calls_; }

 private:
  int64_t via_tokenize(const std::string& text, bool& unsupported);
  int64_t via_probe(const std::string& text);
  Endpoint endpoint_;
  std::string model_;
  std::string method_ = "tokenize";
  int calls_ = 0;
};

struct GenerationParams {
  int64_t max_tokens = 0;  // forced output length
  bool ignore_eos = true;  // vLLM extension: generate exactly max_tokens
  double temperature = 0;  // sampling temperature
  bool stream = true;      // SSE with include_usage
};

// The JSON body for one request (chat: messages; completions: prompt).
std::string request_body(const Endpoint& endpoint, const std::string& model,
                         const std::string& text, const GenerationParams& params);

}  // namespace sonde
