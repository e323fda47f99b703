#pragma once
// Where a run's secrets come from, and making sure none of them is ever written down.
#include <optional>
#include <string>

#include "config/plan.hpp"

namespace sonde {

// The API key: the content of --api-key-file (trailing CR/LF removed) when set, else the
// environment variable --api-key-env (nullopt when unset or empty). Throws UsageError (exit 2)
// naming the path when the file cannot be read or holds no key.
std::optional<std::string> read_api_key(const std::string& env_var, const std::string& file);

// Everything a run needs before its first request: resolves the key, registers it, the values
// after --api-key in --server-args and the password of --base-url with util/redact, and sets
// the process's TLS policy (--insecure, --ca-cert). Returns the key.
std::optional<std::string> prepare_credentials(const Plan& plan);

}  // namespace sonde
