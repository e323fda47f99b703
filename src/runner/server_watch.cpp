#include "runner/server_watch.hpp"

#include <fmt/format.h>

#include "client/http.hpp"

namespace sonde {
namespace {

constexpr double kProbeTimeoutS = 3;

std::string describe(const HttpResponse& r) {
  return r.status == 0 ? (r.error.empty() ? std::string("no answer") : r.error)
                       : fmt::format("HTTP {}", r.status);
}

}  // namespace

bool ServerWatch::server_side(const RequestRecord& r) {
  if (r.ok || !r.error) return false;
  const RequestError& e = *r.error;
  if (e.http_status >= 500) return true;  // whatever ended it, the server had answered 5xx
  switch (e.kind) {
    case ErrorKind::connect:
    case ErrorKind::timeout_connect:
    case ErrorKind::stream_error:
    case ErrorKind::stream_truncated:
      return true;
    case ErrorKind::http:  // below 500: the server answered, and refused this request
    case ErrorKind::timeout_first_token:
    case ErrorKind::timeout_idle:
    case ErrorKind::timeout_total:
    case ErrorKind::malformed_chunk:
    case ErrorKind::cancelled:
    case ErrorKind::server_died:
      return false;
  }
  return false;
}

bool ServerWatch::add(const RequestRecord& r) {
  consecutive_ = server_side(r) ? consecutive_ + 1 : 0;
  if (consecutive_ < kProbeAfter) return false;
  consecutive_ = 0;
  return true;
}

std::string server_silence(const Endpoint& endpoint) {
  const HttpResponse health =
      http_get(endpoint.base_url + "/health", endpoint.api_key, kProbeTimeoutS);
  if (health.status > 0 && health.status < 500) return "";
  // vLLM answers 503 on /health once its engine is dead, while /v1/models may still work.
  if (health.status >= 500) return fmt::format("GET /health: {}", describe(health));
  const HttpResponse models =
      http_get(endpoint.base_url + "/v1/models", endpoint.api_key, kProbeTimeoutS);
  if (models.status == 200) return "";
  return fmt::format("GET /health: {}; GET /v1/models: {}", describe(health), describe(models));
}

}  // namespace sonde
