#include "runner/credentials.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "client/tls.hpp"
#include "util/error.hpp"
#include "util/redact.hpp"

namespace sonde {
namespace {

// user:PASSWORD@ of a URL ("" when there is none).
std::string url_password(const std::string& url) {
  const size_t start = url.find("://");
  if (start == std::string::npos) return "";
  const size_t end = url.find_first_of("/?#", start + 3);
  const std::string authority =
      url.substr(start + 3, end == std::string::npos ? end : end - start - 3);
  const size_t at = authority.rfind('@');
  if (at == std::string::npos) return "";
  const size_t colon = authority.find(':');
  return colon < at ? authority.substr(colon + 1, at - colon - 1) : authority.substr(0, at);
}

}  // namespace

std::optional<std::string> read_api_key(const std::string& env_var, const std::string& file) {
  if (file.empty()) {
    const char* value = std::getenv(env_var.c_str());
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw UsageError(
        fmt::format("--api-key-file: cannot read {}: {}; give a readable file that "
                    "holds the key",
                    file, std::strerror(errno)));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string key = ss.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  if (key.empty()) {
    throw UsageError(fmt::format("--api-key-file: {} is empty; put the API key in it", file));
  }
  return key;
}

std::optional<std::string> prepare_credentials(const Plan& plan) {
  const RunOptions& o = plan.options;
  auto key = read_api_key(o.api_key_env, o.api_key_file);
  if (key) add_secret(*key);
  for (const auto& k : api_key_args(plan.server_args)) add_secret(k);
  if (const std::string pw = url_password(plan.base_url); !pw.empty()) add_secret(pw);
  set_tls_options(TlsOptions{o.insecure, o.ca_cert});
  return key;
}

}  // namespace sonde
