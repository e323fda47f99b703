// Blocking helpers on a fresh curl easy handle per call: simple and rare (discovery,
// calibration), so no pooling.
#include "client/http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "client/curl_global.hpp"
#include "client/tls.hpp"

namespace sonde {
namespace {

constexpr size_t kBodyCap = 16u << 20;  // 16 MiB

struct Sink {
  std::string* body;
  bool overflow = false;
};

size_t append_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t n = size * count;
  const size_t room = kBodyCap - std::min(kBodyCap, sink->body->size());
  sink->body->append(data, std::min(n, room));
  if (n > room) {
    sink->overflow = true;
    return 0;  // stop reading: the caller gets the first 16 MiB
  }
  return n;
}

// One header line as curl hands it over ("Name: value\r\n"); a status line starts the list
// over, so that only the final response's headers remain.
size_t append_header(char* data, size_t size, size_t count, void* user) {
  auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
  const std::string_view line(data, size * count);
  if (line.substr(0, 5) == "HTTP/") {
    headers->clear();
    return size * count;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  headers->emplace_back(std::move(name), std::string(value));
  return size * count;
}

HttpResponse perform(const std::string& url, const std::string* json_body,
                     const std::optional<std::string>& api_key, double timeout_s) {
  ensure_curl_global();
  HttpResponse out;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> easy(curl_easy_init(), &curl_easy_cleanup);
  if (!easy) {
    out.error = "curl_easy_init failed";
    return out;
  }
  curl_slist* raw_headers = nullptr;
  raw_headers = curl_slist_append(raw_headers, "Accept: application/json");
  raw_headers = curl_slist_append(raw_headers, "Expect:");
  if (json_body) raw_headers = curl_slist_append(raw_headers, "Content-Type: application/json");
  if (api_key) {
    raw_headers = curl_slist_append(raw_headers, ("Authorization: Bearer " + *api_key).c_str());
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(raw_headers,
                                                                      &curl_slist_free_all);
  char errbuf[CURL_ERROR_SIZE] = {};
  Sink sink{&out.body};
  const long timeout_ms = std::max(1L, static_cast<long>(timeout_s * 1000));
  CURL* h = easy.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &append_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &append_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &out.headers);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  apply_tls(h);
  if (json_body) {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, json_body->data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(json_body->size()));
  }
  const CURLcode rc = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
  if (sink.overflow) {
    out.error = "response body larger than 16 MiB; truncated";
  } else if (rc != CURLE_OK) {
    out.error = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);
    if (out.status == 0) out.body.clear();
  }
  return out;
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

HttpResponse http_get(const std::string& url, const std::optional<std::string>& api_key,
                      double timeout_s) {
  return perform(url, nullptr, api_key, timeout_s);
}

HttpResponse http_post_json(const std::string& url, const std::string& json_body,
                            const std::optional<std::string>& api_key, double timeout_s) {
  return perform(url, &json_body, api_key, timeout_s);
}

}  // namespace sonde
