#pragma once
// Secrets never reach a file, a log or the console: every text sonde writes about a target
// (run.json, reports, journals, stored server logs, error messages) passes through redact().
// Three kinds are replaced: API keys registered with add_secret(), the password of any
// `scheme://user:password@host`, and the value after `--api-key` / `Bearer` in command lines
// and echoed headers.
#include <string>
#include <string_view>
#include <vector>

namespace sonde {

inline constexpr std::string_view kRedacted = "***";

// Registers a secret for every later redact() in this process (thread-safe). Secrets shorter
// than kMinGlobalSecret are ignored here: replacing a 3-letter word everywhere would corrupt
// JSON keys; such values are still caught after --api-key / Bearer.
inline constexpr std::size_t kMinGlobalSecret = 6;
void add_secret(std::string_view secret);

// `text` with the registered secrets, `extra` (any non-empty length), URL passwords and
// --api-key / Bearer values replaced by "***".
std::string redact(std::string_view text, const std::vector<std::string>& extra = {});

// The values that follow `--api-key` (or `--api-key=`) in a shell-like command line, so that
// a server's key from --server-args or a sweep command can be registered with add_secret().
std::vector<std::string> api_key_args(std::string_view command_line);

}  // namespace sonde
