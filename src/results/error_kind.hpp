#pragma once
// Why a request failed (docs/metrics.md). Code decides on the enum; the names below are how
// requests.jsonl, run.json and the reports spell it, so they never change. Header-only: stats/
// counts errors by name and does not link results/.
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace sonde {

enum class ErrorKind {
  connect,              // could not connect (refused, unresolvable)
  timeout_connect,      // the connection was not up within the connect timeout
  timeout_first_token,  // no text before the first-token deadline
  timeout_idle,         // silence inside a stream after tokens began to flow
  timeout_total,        // the whole request ran past its total deadline
  http,                 // a non-2xx HTTP status, named "http_<status>"
  stream_error,         // an error object inside the stream
  stream_truncated,     // the stream ended without data: [DONE]
  malformed_chunk,      // a chunk that is not a JSON object
  cancelled,            // interrupted, or aborted by --max-error-rate
  server_died,          // the server stopped answering: in flight or never sent
};

inline constexpr std::array kAllErrorKinds{
    ErrorKind::connect,      ErrorKind::timeout_connect,  ErrorKind::timeout_first_token,
    ErrorKind::timeout_idle, ErrorKind::timeout_total,    ErrorKind::http,
    ErrorKind::stream_error, ErrorKind::stream_truncated, ErrorKind::malformed_chunk,
    ErrorKind::cancelled,    ErrorKind::server_died,
};

// The kind's identifier: "timeout_idle"; "http" for every HTTP status (see error_kind_name).
constexpr std::string_view error_kind_id(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::connect:
      return "connect";
    case ErrorKind::timeout_connect:
      return "timeout_connect";
    case ErrorKind::timeout_first_token:
      return "timeout_first_token";
    case ErrorKind::timeout_idle:
      return "timeout_idle";
    case ErrorKind::timeout_total:
      return "timeout_total";
    case ErrorKind::http:
      return "http";
    case ErrorKind::stream_error:
      return "stream_error";
    case ErrorKind::stream_truncated:
      return "stream_truncated";
    case ErrorKind::malformed_chunk:
      return "malformed_chunk";
    case ErrorKind::cancelled:
      return "cancelled";
    case ErrorKind::server_died:
      return "server_died";
  }
  return "unknown";  // not reached: every kind is listed above
}

inline constexpr std::string_view kHttpErrorPrefix = "http_";

// The name files and reports use: "timeout_idle", "http_503" (`http_status` only matters for
// ErrorKind::http).
inline std::string error_kind_name(ErrorKind kind, int http_status) {
  if (kind == ErrorKind::http) return std::string(kHttpErrorPrefix) + std::to_string(http_status);
  return std::string(error_kind_id(kind));
}

// The kind `name` spells; for "http_<status>" also sets `http_status` (digits without a leading
// zero, so that error_kind_name gives `name` back). nullopt for any other name.
inline std::optional<ErrorKind> parse_error_kind(std::string_view name, int& http_status) {
  if (name.starts_with(kHttpErrorPrefix)) {
    const std::string_view digits = name.substr(kHttpErrorPrefix.size());
    if (digits.empty() || digits.size() > 9 || digits[0] < '1' || digits[0] > '9')
      return std::nullopt;
    int status = 0;
    for (const char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      status = status * 10 + (c - '0');
    }
    http_status = status;
    return ErrorKind::http;
  }
  for (const ErrorKind k : kAllErrorKinds) {
    if (k != ErrorKind::http && error_kind_id(k) == name) return k;
  }
  return std::nullopt;
}

// "connect, timeout_connect, ..., http_<status>, ..." for error messages.
inline std::string error_kind_names() {
  std::string out;
  for (const ErrorKind k : kAllErrorKinds) {
    if (!out.empty()) out += ", ";
    out += k == ErrorKind::http ? "http_<status>" : error_kind_id(k);
  }
  return out;
}

}  // namespace sonde
