#pragma once
// Renders a server command line from a base command, fixed arguments and the settings of one
// sweep point, the way `vllm serve` parses them: booleans are BooleanOptionalAction flags
// (`--x` / `--no-x`), everything else is `--x VALUE`.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sonde {

// A flag's value as a YAML scalar reads: a bool, an integer, a real or a string.
using FlagValue = std::variant<bool, int64_t, double, std::string>;

struct ServerCommand {
  std::vector<std::string> base;        // program and leading args, e.g. {"vllm","serve","M"}
  std::vector<std::string> fixed_args;  // passed verbatim after base, e.g. {"--seed","0"}
  std::vector<std::pair<std::string, FlagValue>> flags;  // key → value, in render order
};

struct RenderOptions {
  std::optional<uint16_t> port;  // appended as `--port N` unless the command gives one
  std::optional<std::string> host = std::string("127.0.0.1");  // `--host H` unless given
};

// "max_num_batched_tokens", "--max-num-batched-tokens", "-max_num-batched_tokens" →
// "--max-num-batched-tokens". Throws UsageError for an empty key or one with characters that
// cannot be a flag name (spaces, '=', quotes, ...).
std::string normalize_flag(std::string_view key);

// A value as it goes on the command line: integers plainly, reals in shortest round-trip form
// (0.9, not 0.900000), strings verbatim. Bools have no value form (they pick the flag).
std::string flag_value_text(const FlagValue& value);

// base + fixed_args + rendered flags + `--port`/`--host` when absent from all of those.
std::vector<std::string> render_argv(const ServerCommand& cmd, const RenderOptions& opts = {});

// The value of `--port N` / `--port=N` in argv, when present and valid.
std::optional<uint16_t> find_port_arg(const std::vector<std::string>& argv);
// True when argv contains `flag` (normalised, e.g. "--host") alone or as `flag=...`.
bool has_flag(const std::vector<std::string>& argv, std::string_view flag);

// POSIX shell quoting: bare when only safe characters, else single-quoted with ' escaped.
std::string shell_quote(std::string_view arg);
// One pasteable line for --dry-run: `VAR=value ... argv...`, each word shell-quoted.
std::string render_shell_line(const std::vector<std::string>& argv,
                              const std::map<std::string, std::string>& env = {});

}  // namespace sonde
