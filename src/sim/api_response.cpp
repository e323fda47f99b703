#include "sim/api_response.hpp"

#include <nlohmann/json.hpp>
#include <random>

namespace sonde::sim {
namespace {

using ojson = nlohmann::ordered_json;

std::string sse(const ojson& j) {
  // Generated text is valid UTF-8, but a replacement keeps a bad byte from throwing.
  return "data: " + j.dump(-1, ' ', false, ojson::error_handler_t::replace) + "\n\n";
}

ojson usage_json(const Usage& u) {
  ojson j = {{"prompt_tokens", u.prompt_tokens},
             {"total_tokens", u.prompt_tokens + u.completion_tokens},
             {"completion_tokens", u.completion_tokens}};
  if (u.cached_tokens) j["prompt_tokens_details"] = {{"cached_tokens", *u.cached_tokens}};
  if (u.reasoning_tokens)
    j["completion_tokens_details"] = {{"reasoning_tokens", *u.reasoning_tokens}};
  return j;
}

ojson head(const ResponseMeta& m, bool chunk) {
  const char* object =
      m.chat ? (chunk ? "chat.completion.chunk" : "chat.completion") : "text_completion";
  return {{"id", m.id}, {"object", object}, {"created", m.created}, {"model", m.model}};
}

ojson finish_json(std::string_view finish) {
  return finish.empty() ? ojson(nullptr) : ojson(std::string(finish));
}

}  // namespace

std::string sse_role_chunk(const ResponseMeta& meta, const std::optional<Usage>& usage) {
  ojson j = head(meta, true);
  j["choices"] = ojson::array({ojson{{"index", 0},
                                     {"delta", {{"role", "assistant"}, {"content", ""}}},
                                     {"logprobs", nullptr},
                                     {"finish_reason", nullptr}}});
  if (usage) j["usage"] = usage_json(*usage);
  j["prompt_token_ids"] = nullptr;
  return sse(j);
}

std::string sse_token_chunk(const ResponseMeta& meta, std::string_view text,
                            std::string_view finish, const std::optional<Usage>& usage) {
  ojson j = head(meta, true);
  ojson choice = {{"index", 0}};
  if (meta.chat) {
    choice["delta"] = {{"content", std::string(text)}};
  } else {
    choice["text"] = std::string(text);
  }
  choice["logprobs"] = nullptr;
  choice["finish_reason"] = finish_json(finish);
  if (!finish.empty() || !meta.chat) choice["stop_reason"] = nullptr;
  if (meta.chat) choice["token_ids"] = nullptr;
  j["choices"] = ojson::array({std::move(choice)});
  if (usage) {
    j["usage"] = usage_json(*usage);
  } else if (!meta.chat) {
    j["usage"] = nullptr;
  }
  return sse(j);
}

std::string sse_usage_chunk(const ResponseMeta& meta, const Usage& usage) {
  ojson j = head(meta, true);
  j["choices"] = ojson::array();
  j["usage"] = usage_json(usage);
  return sse(j);
}

std::string full_response(const ResponseMeta& meta, std::string_view text, std::string_view finish,
                          const Usage& usage) {
  ojson j = head(meta, false);
  ojson choice = {{"index", 0}};
  if (meta.chat) {
    choice["message"] = {{"role", "assistant"},
                         {"content", std::string(text)},
                         {"refusal", nullptr},
                         {"annotations", nullptr},
                         {"audio", nullptr},
                         {"function_call", nullptr},
                         {"tool_calls", ojson::array()},
                         {"reasoning_content", nullptr}};
  } else {
    choice["text"] = std::string(text);
  }
  choice["logprobs"] = nullptr;
  choice["finish_reason"] = finish_json(finish);
  choice["stop_reason"] = nullptr;
  if (!meta.chat) choice["prompt_logprobs"] = nullptr;
  j["choices"] = ojson::array({std::move(choice)});
  if (meta.chat) {
    j["service_tier"] = nullptr;
    j["system_fingerprint"] = nullptr;
  }
  ojson u = usage_json(usage);
  if (!usage.cached_tokens) u["prompt_tokens_details"] = nullptr;  // vLLM dumps None here
  j["usage"] = std::move(u);
  if (meta.chat) j["prompt_logprobs"] = nullptr;
  j["kv_transfer_params"] = nullptr;
  return j.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

std::string random_hex_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  uint64_t bits = 0;
  for (size_t i = 0; i < id.size(); ++i) {
    if (i % 16 == 0) bits = rng();
    id[i] = kHex[bits & 0xF];
    bits >>= 4;
  }
  return id;
}

}  // namespace sonde::sim
