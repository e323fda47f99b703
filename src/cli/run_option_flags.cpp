#include "cli/run_option_flags.hpp"

#include <cctype>
#include <string_view>
#include <vector>

namespace sonde {

void add_run_option_flags(CLI::App* cmd, RunOptionFlags& f) {
  const RunOptions defaults;
  for (const auto& info : run_option_infos()) {
    const std::string flag = run_option_flag(info.key);
    if (info.is_switch) {
      cmd->add_flag(flag, f.switches[info.key], info.help);
      continue;
    }
    if (std::string_view(info.type).ends_with("...")) {  // vLLM's `--goodput ttft:500 tpot:50`
      const std::string_view type(info.type);            // CLI11 adds its own " ..."
      cmd->add_option(flag, f.words[info.key], info.help)
          ->type_name(std::string(type.substr(0, type.size() - 3)))
          ->expected(1)  // several words arrive joined (join_several_word_flags)
          ->allow_extra_args(false);
      continue;
    }
    CLI::Option* opt = cmd->add_option(flag, f.values[info.key], info.help)->type_name(info.type);
    if (info.show_default) opt->default_str(info.text(defaults));
  }
}

void apply_run_option_flags(const CLI::App* cmd, const RunOptionFlags& f, RunOptions& options) {
  std::vector<RunOptionValue> given;
  for (const auto& info : run_option_infos()) {
    const std::string flag = run_option_flag(info.key);
    if (cmd->count(flag) == 0) continue;
    std::string value;
    if (info.is_switch) {
      value = f.switches.at(info.key) ? "true" : "false";
    } else if (const auto it = f.words.find(info.key); it != f.words.end()) {
      for (const auto& w : it->second) value += (value.empty() ? "" : " ") + w;
    } else {
      value = f.values.at(info.key);
    }
    given.push_back(RunOptionValue{info.key, value, flag});
  }
  apply_run_options(options, given);
}

namespace {

bool several_words(std::string_view flag) {
  for (const auto& info : run_option_infos()) {
    if (std::string_view(info.type).ends_with("...") && run_option_flag(info.key) == flag) {
      return true;
    }
  }
  return false;
}

// "ttft:500", "e2el:8000": a key (a letter, then letters, digits, underscores), then a colon.
bool looks_like_key_value(std::string_view word) {
  const auto colon = word.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  if (!std::isalpha(static_cast<unsigned char>(word.front()))) return false;
  for (const char c : word.substr(0, colon)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> join_several_word_flags(std::vector<std::string> args) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    out.push_back(args[i]);
    if (args[i] == "--") {  // the rest is positional, as CLI11 reads it
      out.insert(out.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    }
    const std::string& flag = args[i];
    const auto eq = flag.find('=');
    const bool inline_value = flag.starts_with("--") && eq != std::string::npos;
    if (!several_words(inline_value ? std::string_view(flag).substr(0, eq) : flag)) continue;
    std::string joined;
    if (inline_value) {
      out.back() = flag.substr(0, eq);
      joined = flag.substr(eq + 1);
    } else if (i + 1 < args.size() && !args[i + 1].starts_with("--")) {
      joined = args[++i];
    } else {
      continue;  // no value: CLI11 says so
    }
    while (i + 1 < args.size() && looks_like_key_value(args[i + 1])) joined += " " + args[++i];
    out.push_back(joined);
  }
  return out;
}

}  // namespace sonde
