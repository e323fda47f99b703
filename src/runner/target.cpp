#include "runner/target.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "client/http.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

constexpr double kDiscoveryTimeoutS = 30;
constexpr double kTokenizeTimeoutS = 120;

std::string short_text(const std::string& s) {
  std::string out = s.substr(0, 200);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

bool looks_like_html(const std::string& body) {
  const std::string head = body.substr(0, 512);
  for (const char* tag : {"<!DOCTYPE", "<!doctype", "<html", "<HTML", "<head", "<body"}) {
    if (head.find(tag) != std::string::npos) return true;
  }
  return false;
}

nlohmann::json parse_or_unreachable(const HttpResponse& r, const std::string& url) {
  if (looks_like_html(r.body)) {
    throw UnreachableError(fmt::format(
        "{} answered with an HTML page, not JSON: this is a web page, not an OpenAI-compatible "
        "API server; check --base-url (host, port; the server root without /v1)",
        url));
  }
  auto json = nlohmann::json::parse(r.body, nullptr, false);
  if (json.is_discarded()) {
    throw UnreachableError(fmt::format(
        "{} answered HTTP {} with a body that is not JSON ('{}'); is this an OpenAI-compatible "
        "server? check --base-url (it should not include /v1)",
        url, r.status, short_text(r.body)));
  }
  return json;
}

// A /v1/models answer that is not 200, in words that say what to do.
[[noreturn]] void refuse_models_status(const Endpoint& ep, const std::string& url,
                                       const HttpResponse& r) {
  if (r.status == 401 || r.status == 403) {
    if (ep.api_key) {
      throw UnreachableError(fmt::format(
          "{} answered HTTP {}: the server rejected the API key sonde sent; check the key in "
          "--api-key-env / --api-key-file",
          url, r.status));
    }
    throw UnreachableError(fmt::format(
        "{} answered HTTP {}: the server requires an API key; set OPENAI_API_KEY or pass "
        "--api-key-env VAR or --api-key-file PATH",
        url, r.status));
  }
  if (r.status == 404) {
    const bool has_v1 =
        ep.base_url.size() >= 3 && ep.base_url.compare(ep.base_url.size() - 3, 3, "/v1") == 0;
    throw UnreachableError(
        fmt::format("{} answered HTTP 404: no OpenAI-compatible API at this address; {}", url,
                    has_v1 ? "drop the /v1 from --base-url (sonde adds it)"
                           : "--base-url should be the server's root, e.g. http://host:8000"));
  }
  if (looks_like_html(r.body)) {
    throw UnreachableError(fmt::format(
        "{} answered HTTP {} with an HTML page: not an OpenAI-compatible API server; check "
        "--base-url",
        url, r.status));
  }
  throw UnreachableError(fmt::format(
      "{} answered HTTP {} ('{}'); not an OpenAI-compatible server at this address? check "
      "--base-url",
      url, r.status, short_text(r.body)));
}

}  // namespace

Discovery discover(const Endpoint& ep, const std::string& model) {
  const std::string url = ep.base_url + "/v1/models";
  const HttpResponse r = http_get(url, ep.api_key, kDiscoveryTimeoutS);
  if (r.status == 0) {
    const bool tls = r.error.find("SSL") != std::string::npos ||
                     r.error.find("certificate") != std::string::npos;
    throw UnreachableError(fmt::format(
        "cannot reach {}: {}; {}", url, r.error,
        tls ? "for a private CA pass --ca-cert PATH (or --insecure to skip verification)"
            : "is the server running? check --base-url"));
  }
  if (r.status != 200) refuse_models_status(ep, url, r);
  const auto json = parse_or_unreachable(r, url);
  if (!json.contains("data") || !json["data"].is_array() || json["data"].empty()) {
    throw UnreachableError(fmt::format("{} returned no model list ('data' is missing or empty)", url));
  }
  Discovery d;
  const nlohmann::json* entry = &json["data"][0];
  if (!model.empty()) {
    entry = nullptr;
    for (const auto& m : json["data"]) {
      if (m.value("id", "") == model) entry = &m;
    }
    if (!entry) {
      std::string names;
      for (const auto& m : json["data"]) names += (names.empty() ? "" : ", ") + m.value("id", "?");
      throw UsageError(
          fmt::format("--model: '{}' is not served at {}; served: {}", model, ep.base_url, names));
    }
  }
  d.model = entry->value("id", "");
  if (const auto h = r.header(sim::kIdentityHeader)) d.sim = sim::parse_identity_header(*h);
  d.server.model_root = entry->contains("root") && (*entry)["root"].is_string()
                            ? (*entry)["root"].get<std::string>()
                            : "";
  if (entry->contains("max_model_len") && (*entry)["max_model_len"].is_number_integer()) {
    d.server.max_model_len = (*entry)["max_model_len"].get<int64_t>();
  }
  const HttpResponse v = http_get(ep.base_url + "/version", ep.api_key, kDiscoveryTimeoutS);
  if (v.status == 200) {
    auto vj = nlohmann::json::parse(v.body, nullptr, false);
    if (!vj.is_discarded() && vj.contains("version") && vj["version"].is_string()) {
      d.server.version = vj["version"].get<std::string>();
    }
  }
  return d;
}

ServerTokenCounter::ServerTokenCounter(Endpoint endpoint, std::string model)
    : endpoint_(std::move(endpoint)), model_(std::move(model)) {}

int64_t ServerTokenCounter::count(const std::string& text) {
  ++calls_;
  if (method_ == "tokenize") {
    bool unsupported = false;
    const int64_t n = via_tokenize(text, unsupported);
    if (!unsupported) return n;
    method_ = "probe";  // remembered: the server has no /tokenize
  }
  return via_probe(text);
}

int64_t ServerTokenCounter::via_tokenize(const std::string& text, bool& unsupported) {
  nlohmann::json body{{"model", model_}};
  if (endpoint_.chat()) {
    body["messages"] = nlohmann::json::array({{{"role", "user"}, {"content", text}}});
    body["add_generation_prompt"] = true;
  } else {
    body["prompt"] = text;
    body["add_special_tokens"] = true;
  }
  const std::string url = endpoint_.base_url + "/tokenize";
  const HttpResponse r = http_post_json(url, body.dump(), endpoint_.api_key, kTokenizeTimeoutS);
  if (r.status == 0) throw UnreachableError(fmt::format("cannot reach {}: {}", url, r.error));
  if (r.status == 404 || r.status == 405 || r.status == 501) {
    unsupported = true;
    return 0;
  }
  auto json = nlohmann::json::parse(r.body, nullptr, false);
  if (r.status != 200 || json.is_discarded() || !json.contains("count")) {
    unsupported = true;  // an unexpected answer: fall back to measuring with a probe
    return 0;
  }
  return json["count"].get<int64_t>();
}

int64_t ServerTokenCounter::via_probe(const std::string& text) {
  GenerationParams p;
  p.max_tokens = 1;
  p.stream = false;
  const std::string url = endpoint_.base_url + endpoint_.path();
  const HttpResponse r = http_post_json(url, request_body(endpoint_, model_, text, p),
                                        endpoint_.api_key, kTokenizeTimeoutS);
  if (r.status == 0) throw UnreachableError(fmt::format("cannot reach {}: {}", url, r.error));
  auto json = nlohmann::json::parse(r.body, nullptr, false);
  if (r.status != 200 || json.is_discarded() || !json.contains("usage") ||
      !json["usage"].contains("prompt_tokens")) {
    throw UnreachableError(fmt::format(
        "cannot count prompt tokens: {} has no /tokenize and a max_tokens=1 probe to {} answered "
        "HTTP {} without usage.prompt_tokens ('{}')",
        endpoint_.base_url, url, r.status, short_text(r.body)));
  }
  return json["usage"]["prompt_tokens"].get<int64_t>();
}

std::string request_body(const Endpoint& ep, const std::string& model, const std::string& text,
                         const GenerationParams& p) {
  nlohmann::json body{{"model", model}};
  if (ep.chat()) {
    body["messages"] = nlohmann::json::array({{{"role", "user"}, {"content", text}}});
    body["max_completion_tokens"] = p.max_tokens;
  } else {
    body["prompt"] = text;
  }
  body["max_tokens"] = p.max_tokens;
  body["temperature"] = p.temperature;
  if (p.ignore_eos) body["ignore_eos"] = true;
  if (p.stream) {
    body["stream"] = true;
    body["stream_options"] = {{"include_usage", true}};
  }
  return body.dump();
}

}  // namespace sonde
