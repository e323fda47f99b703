#include "runner/source_tokens.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "client/http.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

constexpr double kTimeoutS = 120;

// POST /tokenize; nullopt when the server has none (or answers without a count).
std::optional<int64_t> tokenize(const Endpoint& ep, const nlohmann::json& body) {
  const std::string url = ep.base_url + "/tokenize";
  const HttpResponse r = http_post_json(url, body.dump(), ep.api_key, kTimeoutS);
  if (r.status == 0) throw UnreachableError(fmt::format("cannot reach {}: {}", url, r.error));
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (r.status != 200 || j.is_discarded() || !j.contains("count") || !j["count"].is_number_integer()) {
    return std::nullopt;
  }
  return j["count"].get<int64_t>();
}

}  // namespace

int64_t count_chat_tokens(const Endpoint& ep, const std::string& model,
                          const nlohmann::json& messages) {
  if (auto n = tokenize(
          ep, {{"model", model}, {"messages", messages}, {"add_generation_prompt", true}})) {
    return *n;
  }
  GenerationParams p;
  p.max_tokens = 1;
  p.stream = false;
  const std::string url = ep.base_url + ep.path();
  const HttpResponse r =
      http_post_json(url, chat_messages_body(ep, model, messages, p), ep.api_key, kTimeoutS);
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (r.status != 200 || j.is_discarded() || !j.contains("usage") ||
      !j["usage"].contains("prompt_tokens")) {
    throw UnreachableError(fmt::format(
        "cannot count the tokens of a messages row: {} has no /tokenize and a max_tokens=1 request "
        "to {} answered HTTP {} without usage.prompt_tokens",
        ep.base_url, url, r.status));
  }
  return j["usage"]["prompt_tokens"].get<int64_t>();
}

int64_t count_plain_tokens(const Endpoint& ep, const std::string& model, const std::string& text,
                           ServerTokenCounter& counter) {
  if (counter.method() == "tokenize") {
    if (auto n = tokenize(ep, {{"model", model}, {"prompt", text}, {"add_special_tokens", false}})) {
      return std::max<int64_t>(1, *n);
    }
  }
  return std::max<int64_t>(1, counter.count(text) - counter.count(""));
}

std::string chat_messages_body(const Endpoint& ep, const std::string& model,
                               const nlohmann::json& messages, const GenerationParams& params) {
  auto body = nlohmann::json::parse(request_body(ep, model, "", params));
  body["messages"] = messages;
  return body.dump();
}

}  // namespace sonde
