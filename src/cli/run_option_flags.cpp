#include "cli/run_option_flags.hpp"

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
          ->expected(1, -1);
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

}  // namespace sonde
