#include "server/command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "util/error.hpp"

namespace sonde {
namespace {

bool flag_char_ok(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.';
}

bool shell_safe(char c) {
  return flag_char_ok(c) || c == '_' || c == '/' || c == ':' || c == ',' || c == '=' || c == '+' ||
         c == '@' || c == '%';
}

}  // namespace

std::string normalize_flag(std::string_view key) {
  const std::string original(key);
  while (!key.empty() && key.front() == '-') key.remove_prefix(1);
  std::string name;
  for (char c : key) {
    if (c == '_') c = '-';
    if (!flag_char_ok(c)) {
      throw UsageError("server flag '" + original +
                       "' is not a flag name: use letters, digits, '-' or '_' (e.g. "
                       "max-num-batched-tokens)");
    }
    name += c;
  }
  if (name.empty()) throw UsageError("empty server flag name '" + original + "'");
  return "--" + name;
}

std::string flag_value_text(const FlagValue& value) {
  if (const auto* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value)) return fmt::format("{}", *d);
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  return std::get<bool>(value) ? "true" : "false";
}

bool has_flag(const std::vector<std::string>& argv, std::string_view flag) {
  for (const auto& a : argv) {
    if (a == flag) return true;
    if (a.size() > flag.size() && a.compare(0, flag.size(), flag) == 0 && a[flag.size()] == '=') {
      return true;
    }
  }
  return false;
}

std::optional<uint16_t> find_port_arg(const std::vector<std::string>& argv) {
  for (size_t i = 0; i < argv.size(); ++i) {
    std::string_view text;
    if (argv[i] == "--port" && i + 1 < argv.size()) {
      text = argv[i + 1];
    } else if (argv[i].rfind("--port=", 0) == 0) {
      text = std::string_view(argv[i]).substr(7);
    } else {
      continue;
    }
    unsigned v = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && p == text.data() + text.size() && v > 0 && v <= 65535) {
      return static_cast<uint16_t>(v);
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::vector<std::string> render_argv(const ServerCommand& cmd, const RenderOptions& opts) {
  if (cmd.base.empty()) throw UsageError("server command is empty: give e.g. 'vllm serve MODEL'");
  std::vector<std::string> argv = cmd.base;
  argv.insert(argv.end(), cmd.fixed_args.begin(), cmd.fixed_args.end());
  for (const auto& [key, value] : cmd.flags) {
    const std::string flag = normalize_flag(key);
    if (const auto* b = std::get_if<bool>(&value)) {
      // vLLM's BooleanOptionalAction: --x turns on, --no-x turns off.
      argv.push_back(*b ? flag : "--no-" + flag.substr(2));
    } else {
      argv.push_back(flag);
      argv.push_back(flag_value_text(value));
    }
  }
  if (opts.port && !has_flag(argv, "--port")) {
    argv.push_back("--port");
    argv.push_back(std::to_string(*opts.port));
  }
  if (opts.host && !has_flag(argv, "--host")) {
    argv.push_back("--host");
    argv.push_back(*opts.host);
  }
  return argv;
}

std::string shell_quote(std::string_view arg) {
  if (!arg.empty() && std::all_of(arg.begin(), arg.end(), shell_safe)) return std::string(arg);
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string render_shell_line(const std::vector<std::string>& argv,
                              const std::map<std::string, std::string>& env) {
  std::string out;
  for (const auto& [name, value] : env) {
    out += name + "=" + shell_quote(value) + " ";
  }
  for (size_t i = 0; i < argv.size(); ++i) {
    if (i > 0) out += ' ';
    out += shell_quote(argv[i]);
  }
  return out;
}

}  // namespace sonde
