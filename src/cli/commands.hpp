#pragma once
// One registration function per subcommand: it adds its flags to the app and returns the
// action to run once parsing succeeded. The action returns the process exit code.
#include <CLI/CLI.hpp>

#include <functional>

namespace sonde {

using Action = std::function<int()>;

Action add_run_command(CLI::App& app);
Action add_sim_command(CLI::App& app);
Action add_report_command(CLI::App& app);
Action add_specs_command(CLI::App& app);
Action add_monitor_command(CLI::App& app);
Action add_sweep_command(CLI::App& app);
Action add_compare_command(CLI::App& app);
Action add_capacity_command(CLI::App& app);
Action add_merge_command(CLI::App& app);
Action add_fit_command(CLI::App& app);

}  // namespace sonde
