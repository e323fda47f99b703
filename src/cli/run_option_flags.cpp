#include "cli/run_option_flags.hpp"

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
    CLI::Option* opt = cmd->add_option(flag, f.values[info.key], info.help)->type_name(info.type);
    if (info.show_default) opt->default_str(info.text(defaults));
  }
}

void apply_run_option_flags(const CLI::App* cmd, const RunOptionFlags& f, RunOptions& options) {
  std::vector<RunOptionValue> given;
  for (const auto& info : run_option_infos()) {
    const std::string flag = run_option_flag(info.key);
    if (cmd->count(flag) == 0) continue;
    const std::string value = info.is_switch ? (f.switches.at(info.key) ? "true" : "false")
                                             : f.values.at(info.key);
    given.push_back(RunOptionValue{info.key, value, flag});
  }
  apply_run_options(options, given);
}

}  // namespace sonde
