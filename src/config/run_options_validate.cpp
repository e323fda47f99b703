// validate(RunOptions): every out-of-range value refused up front, naming the flag and the value.
#include <fmt/format.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>

#include "config/run_options.hpp"
#include "util/error.hpp"
#include "util/redact.hpp"

namespace sonde {
namespace {

// The URL as sonde will use it: redacted, since it may hold user:password@.
std::string shown(const std::string& url) { return redact(url); }

// A file option must name a readable regular file.
void check_file(const char* flag, const std::string& path, const char* what) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw UsageError(fmt::format("{}: '{}' is not a file; give the path of {}", flag, path, what));
  }
  if (::access(path.c_str(), R_OK) != 0) {
    throw UsageError(fmt::format("{}: '{}' is not readable: {}", flag, path, std::strerror(errno)));
  }
}

void validate_limits(const RunOptions& o) {
  if (o.warmup < 0) throw UsageError(fmt::format("--warmup: {} must be >= 0", o.warmup));
  const std::pair<const char*, double> positive[] = {
      {"--timeout-s", o.timeout_s},
      {"--idle-timeout-s", o.idle_timeout_s},
      {"connect timeout", o.connect_timeout_s},
  };
  for (const auto& [flag, v] : positive) {
    if (!(v > 0)) throw UsageError(fmt::format("{}: {} must be > 0 seconds", flag, v));
  }
  if (!(o.first_token_timeout_s >= 0)) {
    throw UsageError(
        fmt::format("--first-token-timeout-s: {} must be >= 0 seconds (0 = --timeout-s)",
                    o.first_token_timeout_s));
  }
  if (o.client_threads < 0 || o.client_threads > 1024) {
    throw UsageError(fmt::format(
        "--client-threads: {} must be between 0 (one per spare core) and 1024", o.client_threads));
  }
  if (!(o.grace_s >= 0))
    throw UsageError(fmt::format("--grace-s: {} must be >= 0 seconds", o.grace_s));
  if (o.retries < 0 || o.retries > 100) {
    throw UsageError(fmt::format("--retries: {} must be between 0 and 100", o.retries));
  }
  if (!(o.max_error_rate >= 0 && o.max_error_rate <= 1) || o.max_error_window < 1) {
    throw UsageError(
        fmt::format("--max-error-rate: {}/{} must be a rate in [0, 1] over >= 1 requests",
                    o.max_error_rate, o.max_error_window));
  }
  if (!(o.max_failed_pct >= 0 && o.max_failed_pct <= 100)) {
    throw UsageError(
        fmt::format("--max-failed-pct: {} must be a percentage from 0 to 100 (100 = "
                    "never mark a scenario invalid for its failures)",
                    o.max_failed_pct));
  }
  if (!(o.temperature >= 0))
    throw UsageError(fmt::format("temperature: {} must be >= 0", o.temperature));
}

}  // namespace

void check_url(const char* flag, const std::string& url) {
  const bool https = url.rfind("https://", 0) == 0;
  if (!https && url.rfind("http://", 0) != 0) {
    throw UsageError(fmt::format("{}: '{}' must start with http:// or https://", flag, shown(url)));
  }
  if (url.find_first_of(" \t\r\n") != std::string::npos) {
    throw UsageError(fmt::format("{}: '{}' contains white space", flag, shown(url)));
  }
  const std::string rest = url.substr(https ? 8 : 7);
  std::string host = rest.substr(0, rest.find_first_of("/?#"));
  host = host.substr(host.rfind('@') == std::string::npos ? 0 : host.rfind('@') + 1);
  const size_t colon = host.rfind(':');
  const bool ipv6 = host.rfind('[', 0) == 0;
  if (colon != std::string::npos && (!ipv6 || host.find(']') < colon)) {
    const std::string port = host.substr(colon + 1);
    const bool digits = !port.empty() && port.size() <= 5 &&
                        port.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoi(port) < 1 || std::stoi(port) > 65535) {
      throw UsageError(fmt::format("{}: '{}' has port '{}'; give a number from 1 to 65535", flag,
                                   shown(url), port));
    }
    host = host.substr(0, colon);
  }
  if (host.empty()) {
    throw UsageError(
        fmt::format("{}: '{}' names no host, e.g. http://127.0.0.1:8000", flag, shown(url)));
  }
}

void validate(const RunOptions& o) {
  validate_limits(o);
  if (!o.gpu_metrics_url.empty()) check_url("--gpu-metrics-url", o.gpu_metrics_url);
  if (o.corpus != "ko" && o.corpus != "en") {
    check_file("--corpus", o.corpus, "a UTF-8 text file (or use ko or en)");
  }
  if (!o.api_key_file.empty())
    check_file("--api-key-file", o.api_key_file, "a file holding the API key");
  if (!o.ca_cert.empty()) check_file("--ca-cert", o.ca_cert, "a PEM CA bundle");
}

}  // namespace sonde
