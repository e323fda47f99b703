#include "config/plan.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string>
#include <utility>

#include "config/suite.hpp"
#include "util/error.hpp"
#include "util/redact.hpp"

namespace sonde {

void parse_max_error_rate(const std::string& text, Plan& plan) {
  const auto bad = [&text] {
    return UsageError(fmt::format(
        "--max-error-rate: '{}' is not R or R/N; R is the failed share in [0, 1] that aborts a "
        "scenario, N the number of last finished requests it is measured over (default 50), "
        "e.g. 0.5 or 0.5/50", text));
  };
  const std::size_t slash = text.find('/');
  const std::string rate = text.substr(0, slash);
  std::size_t used = 0;
  double r = 0;
  try {
    r = std::stod(rate, &used);
  } catch (const std::exception&) {
    throw bad();
  }
  if (used != rate.size() || !(r >= 0 && r <= 1)) throw bad();
  int n = 50;
  if (slash != std::string::npos) {
    const std::string count = text.substr(slash + 1);
    try {
      n = std::stoi(count, &used);
    } catch (const std::exception&) {
      throw bad();
    }
    if (used != count.size() || n < 1) throw bad();
  }
  plan.max_error_rate = r;
  plan.max_error_window = n;
}

namespace {

// The URL as sonde will use it: redacted, since it may hold user:password@.
std::string shown(const std::string& url) { return redact(url); }

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
    throw UsageError(fmt::format("{}: '{}' names no host, e.g. http://127.0.0.1:8000", flag,
                                 shown(url)));
  }
}

void validate_limits(const Plan& plan) {
  if (plan.warmup < 0) throw UsageError(fmt::format("--warmup: {} must be >= 0", plan.warmup));
  const std::pair<const char*, double> positive[] = {
      {"--timeout-s", plan.timeout_s},
      {"--idle-timeout-s", plan.idle_timeout_s},
      {"connect timeout", plan.connect_timeout_s},
  };
  for (const auto& [flag, v] : positive) {
    if (!(v > 0)) throw UsageError(fmt::format("{}: {} must be > 0 seconds", flag, v));
  }
  if (!(plan.first_token_timeout_s >= 0)) {
    throw UsageError(fmt::format("--first-token-timeout-s: {} must be >= 0 seconds (0 = --timeout-s)",
                                 plan.first_token_timeout_s));
  }
  if (!(plan.sim_speed > 0)) throw UsageError(fmt::format("--sim-speed: {} must be > 0", plan.sim_speed));
  if (plan.client_threads < 0 || plan.client_threads > 1024) {
    throw UsageError(fmt::format("--client-threads: {} must be between 0 (one per spare core) and 1024",
                                 plan.client_threads));
  }
  if (plan.http_client != "native" && plan.http_client != "curl") {
    throw UsageError(fmt::format("--http-client: '{}' is not a transport; use native or curl",
                                 plan.http_client));
  }
}

// A file flag must name a readable regular file.
void check_file(const char* flag, const std::string& path, const char* what) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw UsageError(fmt::format("{}: '{}' is not a file; give the path of {}", flag, path, what));
  }
  if (::access(path.c_str(), R_OK) != 0) {
    throw UsageError(fmt::format("{}: '{}' is not readable: {}", flag, path, std::strerror(errno)));
  }
}

void validate_files(const Plan& plan) {
  if (plan.corpus != "ko" && plan.corpus != "en") {
    check_file("--corpus", plan.corpus, "a UTF-8 text file (or use ko or en)");
  }
  if (!plan.api_key_file.empty()) check_file("--api-key-file", plan.api_key_file, "a file holding the API key");
  if (!plan.ca_cert.empty()) check_file("--ca-cert", plan.ca_cert, "a PEM CA bundle");
}

}  // namespace

void validate(const Plan& plan) {
  if (!plan.sim && plan.base_url.empty()) {
    throw UsageError("--base-url: required (e.g. --base-url http://127.0.0.1:8000), or use --sim");
  }
  if (!plan.base_url.empty()) check_url("--base-url", plan.base_url);
  if (!plan.gpu_metrics_url.empty()) check_url("--gpu-metrics-url", plan.gpu_metrics_url);
  if (plan.endpoint != "/v1/chat/completions" && plan.endpoint != "/v1/completions") {
    throw UsageError(fmt::format(
        "--endpoint: '{}' is not supported; use /v1/chat/completions or /v1/completions",
        plan.endpoint));
  }
  if (plan.scenarios.empty()) throw UsageError("the suite has no scenarios");
  for (const auto& s : plan.scenarios) validate_scenario(s, "scenario '" + s.name + "'");
  validate_limits(plan);
  validate_files(plan);
  if (!(plan.grace_s >= 0)) throw UsageError(fmt::format("--grace-s: {} must be >= 0 seconds", plan.grace_s));
  if (plan.retries < 0 || plan.retries > 100) {
    throw UsageError(fmt::format("--retries: {} must be between 0 and 100", plan.retries));
  }
  if (!(plan.max_error_rate >= 0 && plan.max_error_rate <= 1) || plan.max_error_window < 1) {
    throw UsageError(fmt::format("--max-error-rate: {}/{} must be a rate in [0, 1] over >= 1 requests",
                                 plan.max_error_rate, plan.max_error_window));
  }
  if (plan.lang != "ko" && plan.lang != "en") {
    throw UsageError(fmt::format("--lang: '{}' is not supported; use ko or en", plan.lang));
  }
}

}  // namespace sonde
