#include "sim/api_request.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "sim/chat_template.hpp"
#include "sim/text_gen.hpp"
#include "sim/tokenizer.hpp"

namespace sonde::sim {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

ApiError bad_request(std::string message, std::optional<std::string> param = std::nullopt) {
  return ApiError{400, "BadRequestError", std::move(message), std::move(param)};
}

// Parses the body as a JSON object, or explains why it is not one.
std::variant<json, ApiError> parse_object(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return bad_request("Invalid JSON in request body: expected a JSON object.");
  if (!j.is_object()) return bad_request("Request body must be a JSON object.");
  return j;
}

std::optional<ApiError> check_model(const json& body, const SimOptions& options) {
  const auto it = body.find("model");
  if (it == body.end() || it->is_null()) return std::nullopt;  // vLLM uses its default model
  if (!it->is_string()) return bad_request("model must be a string", "model");
  if (it->get<std::string>() != served_name(options)) return model_not_found(*it);
  return std::nullopt;
}

// An optional integer field: nullopt when absent or null; ApiError when not an integer.
std::variant<std::optional<int64_t>, ApiError> int_field(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<int64_t>{};
  if (!it->is_number_integer())
    return bad_request(fmt::format("{} must be an integer", name), name);
  return std::optional<int64_t>{it->get<int64_t>()};
}

bool bool_field(const json& body, const char* name, bool fallback) {
  const auto it = body.find(name);
  return it != body.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

// Message content: a string, null, or an array of {"type":"text","text":...} parts.
std::optional<std::string> content_text(const json& content) {
  if (content.is_null()) return std::string();
  if (content.is_string()) return content.get<std::string>();
  if (!content.is_array()) return std::nullopt;
  std::string text;
  for (const auto& part : content) {
    if (part.is_string())
      text += part.get<std::string>();
    else if (part.is_object() && part.value("type", "") == "text" && part.contains("text") &&
             part["text"].is_string())
      text += part["text"].get<std::string>();
  }
  return text;
}

// The rendered chat template of body["messages"].
std::variant<std::string, ApiError> render_messages(const json& body, bool add_generation_prompt) {
  const auto it = body.find("messages");
  if (it == body.end() || !it->is_array() || it->empty()) {
    return bad_request("Field required: messages must be a non-empty array", "messages");
  }
  std::vector<ChatMessage> messages;
  for (const auto& m : *it) {
    if (!m.is_object() || !m.contains("role") || !m["role"].is_string()) {
      return bad_request("Each message must be an object with a string role", "messages");
    }
    auto text = content_text(m.value("content", json()));
    if (!text) return bad_request("Message content must be a string or text parts", "messages");
    messages.push_back({m["role"].get<std::string>(), std::move(*text)});
  }
  return render_chat(messages, add_generation_prompt);
}

std::variant<std::string, ApiError> prompt_field(const json& body) {
  const auto it = body.find("prompt");
  if (it != body.end() && it->is_string()) return it->get<std::string>();
  if (it != body.end() && it->is_array() && it->size() == 1 && (*it)[0].is_string()) {
    return (*it)[0].get<std::string>();
  }
  return bad_request("Field required: prompt must be a string", "prompt");
}

std::vector<TokenId> prompt_ids(const std::string& prompt, bool add_special_tokens) {
  std::vector<TokenId> ids;
  if (add_special_tokens) ids.push_back(kBeginOfText);
  const auto text = encode_text(prompt);
  ids.insert(ids.end(), text.begin(), text.end());
  return ids;
}

// vLLM's context-length check (serving_engine.py _validate_input), word for word.
std::optional<ApiError> check_length(int64_t prompt, std::optional<int64_t> max_tokens,
                                     int64_t max_model_len) {
  if (!max_tokens && prompt >= max_model_len) {
    return bad_request(fmt::format(
        "This model's maximum context length is {} tokens. However, you requested {} tokens in "
        "the messages, Please reduce the length of the messages.",
        max_model_len, prompt));
  }
  if (max_tokens && prompt + *max_tokens > max_model_len) {
    return bad_request(fmt::format(
        "This model's maximum context length is {} tokens. However, you requested {} tokens ({} "
        "in the messages, {} in the completion). Please reduce the length of the messages or "
        "completion.",
        max_model_len, prompt + *max_tokens, prompt, *max_tokens));
  }
  return std::nullopt;
}

// The requested output limit: max_completion_tokens (chat) wins over max_tokens.
std::variant<std::optional<int64_t>, ApiError> requested_max_tokens(const json& body,
                                                                    Endpoint endpoint) {
  auto max_tokens = int_field(body, "max_tokens");
  if (endpoint == Endpoint::chat) {
    auto mct = int_field(body, "max_completion_tokens");
    if (std::holds_alternative<ApiError>(mct) || std::get<0>(mct)) return mct;
  }
  if (std::holds_alternative<ApiError>(max_tokens)) return max_tokens;
  auto value = std::get<0>(max_tokens);
  if (!value && endpoint == Endpoint::completions) value = 16;  // vLLM's completions default
  return value;
}

// The prompt as the model sees it (chat template applied) and its tokens.
std::variant<std::pair<std::string, std::vector<TokenId>>, ApiError> templated_prompt(
    const json& body, Endpoint endpoint) {
  if (endpoint == Endpoint::chat) {
    auto rendered = render_messages(body, bool_field(body, "add_generation_prompt", true));
    if (auto* e = std::get_if<ApiError>(&rendered)) return *e;
    auto ids = encode_with_specials(std::get<std::string>(rendered));
    return std::pair{std::move(std::get<std::string>(rendered)), std::move(ids)};
  }
  auto p = prompt_field(body);
  if (auto* e = std::get_if<ApiError>(&p)) return *e;
  auto ids = prompt_ids(std::get<std::string>(p), bool_field(body, "add_special_tokens", true));
  return std::pair{std::move(std::get<std::string>(p)), std::move(ids)};
}

}  // namespace

const std::string& served_name(const SimOptions& options) {
  return options.served_model_name.empty() ? options.model : options.served_model_name;
}

std::string error_body(const ApiError& e) {
  ojson err = {{"message", e.message}, {"type", e.type}, {"param", nullptr}, {"code", e.status}};
  if (e.param) err["param"] = *e.param;
  return ojson{{"error", err}}.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

ApiError model_not_found(const std::string& model) {
  return ApiError{404, "NotFoundError", fmt::format("The model `{}` does not exist.", model),
                  "model"};
}

std::variant<GenerationRequest, ApiError> parse_generation(std::string_view body_text,
                                                           Endpoint endpoint,
                                                           const SimOptions& options) {
  auto parsed = parse_object(body_text);
  if (auto* e = std::get_if<ApiError>(&parsed)) return *e;
  const json& body = std::get<json>(parsed);
  if (auto e = check_model(body, options)) return *e;

  GenerationRequest req;
  req.endpoint = endpoint;
  auto templated = templated_prompt(body, endpoint);
  if (auto* e = std::get_if<ApiError>(&templated)) return *e;
  const auto& [prompt, ids] = std::get<0>(templated);
  req.prompt_tokens = static_cast<int64_t>(ids.size());
  req.prompt_ids.assign(ids.begin(), ids.end());

  auto max_tokens = requested_max_tokens(body, endpoint);
  if (auto* e = std::get_if<ApiError>(&max_tokens)) return *e;
  const auto requested = std::get<0>(max_tokens);
  if (requested && *requested < 1) {
    return bad_request(fmt::format("max_tokens must be at least 1, got {}.", *requested),
                       "max_tokens");
  }
  if (auto e = check_length(req.prompt_tokens, requested, options.max_model_len)) return *e;
  req.max_tokens = requested.value_or(options.max_model_len - req.prompt_tokens);

  auto min_field = int_field(body, "min_tokens");
  if (auto* e = std::get_if<ApiError>(&min_field)) return *e;
  const int64_t min_tokens = std::get<0>(min_field).value_or(0);
  if (min_tokens < 0 || min_tokens > req.max_tokens) {
    return bad_request(fmt::format("min_tokens must be between 0 and max_tokens={}, got {}.",
                                   req.max_tokens, min_tokens),
                       "min_tokens");
  }

  req.stream = bool_field(body, "stream", false);
  if (const auto so = body.find("stream_options"); req.stream && so != body.end() && so->is_object()) {
    req.include_usage = bool_field(*so, "include_usage", false);
    req.continuous_usage = req.include_usage && bool_field(*so, "continuous_usage_stats", false);
  }
  req.seed = hash_text(prompt);
  req.korean = contains_hangul(prompt);
  req.stops_on_eos = !bool_field(body, "ignore_eos", false);
  req.output_tokens =
      req.stops_on_eos ? eos_length(req.seed, min_tokens, req.max_tokens) : req.max_tokens;
  return req;
}

std::pair<int, std::string> handle_tokenize(std::string_view body_text, const SimOptions& options) {
  auto parsed = parse_object(body_text);
  if (auto* e = std::get_if<ApiError>(&parsed)) return {e->status, error_body(*e)};
  const json& body = std::get<json>(parsed);
  if (auto e = check_model(body, options)) return {e->status, error_body(*e)};

  std::vector<TokenId> ids;
  if (body.contains("messages")) {
    auto rendered = render_messages(body, bool_field(body, "add_generation_prompt", true));
    if (auto* e = std::get_if<ApiError>(&rendered)) return {e->status, error_body(*e)};
    if (bool_field(body, "add_special_tokens", false)) ids.push_back(kBeginOfText);
    const auto t = encode_with_specials(std::get<std::string>(rendered));
    ids.insert(ids.end(), t.begin(), t.end());
  } else {
    auto p = prompt_field(body);
    if (auto* e = std::get_if<ApiError>(&p)) return {e->status, error_body(*e)};
    ids = prompt_ids(std::get<std::string>(p), bool_field(body, "add_special_tokens", true));
  }
  ojson out = {{"count", ids.size()},
               {"max_model_len", options.max_model_len},
               {"tokens", ids},
               {"token_strs", nullptr}};
  if (bool_field(body, "return_token_strs", false)) {
    ojson strs = ojson::array();
    for (const auto id : ids) strs.push_back(token_text(id).value_or(""));
    out["token_strs"] = std::move(strs);
  }
  return {200, out.dump(-1, ' ', false, ojson::error_handler_t::replace)};
}

std::pair<int, std::string> handle_detokenize(std::string_view body_text, const SimOptions& options) {
  auto parsed = parse_object(body_text);
  if (auto* e = std::get_if<ApiError>(&parsed)) return {e->status, error_body(*e)};
  const json& body = std::get<json>(parsed);
  if (auto e = check_model(body, options)) return {e->status, error_body(*e)};
  const auto it = body.find("tokens");
  std::vector<TokenId> ids;
  if (it == body.end() || !it->is_array()) {
    return {400, error_body(bad_request("Field required: tokens must be an array", "tokens"))};
  }
  for (const auto& t : *it) {
    if (!t.is_number_integer()) {
      return {400, error_body(bad_request("tokens must be integers", "tokens"))};
    }
    ids.push_back(t.get<TokenId>());
  }
  TokenId bad = 0;
  const auto text = decode(ids, &bad);
  if (!text) {
    return {400, error_body(
                     bad_request(fmt::format("Token id {} is out of vocabulary", bad), "tokens"))};
  }
  return {200, ojson{{"prompt", *text}}.dump(-1, ' ', false, ojson::error_handler_t::replace)};
}

}  // namespace sonde::sim
