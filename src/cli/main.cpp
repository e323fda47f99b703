#include "cli/main.hpp"

#include <fmt/format.h>


#include "cli/commands.hpp"
#include "util/error.hpp"

namespace sonde {

int cli_main(int argc, char** argv) {
  CLI::App app{"sonde: measures and explains the serving performance of vLLM and any "
               "OpenAI-compatible LLM server"};
  app.set_version_flag("--version", std::string("sonde ") + SONDE_VERSION);
  app.require_subcommand(1);
  const Action run = add_run_command(app);
  const Action sim = add_sim_command(app);
  const Action report = add_report_command(app);
  const Action specs = add_specs_command(app);
  const Action monitor = add_monitor_command(app);
  const Action sweep = add_sweep_command(app);
  const Action compare = add_compare_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "sonde: {}\nRun 'sonde --help' or 'sonde <command> --help' for usage.\n",
               e.what());
    return static_cast<int>(ExitCode::usage);
  }
  try {
    if (app.got_subcommand("run")) return run();
    if (app.got_subcommand("sim")) return sim();
    if (app.got_subcommand("report")) return report();
    if (app.got_subcommand("specs")) return specs();
    if (app.got_subcommand("monitor")) return monitor();
    if (app.got_subcommand("sweep")) return sweep();
    if (app.got_subcommand("compare")) return compare();
  } catch (const Error& e) {
    fmt::print(stderr, "sonde: {}\n", e.what());
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    fmt::print(stderr, "sonde: internal error: {}\n", e.what());
    return static_cast<int>(ExitCode::failure);
  }
  return static_cast<int>(ExitCode::usage);
}

}  // namespace sonde
