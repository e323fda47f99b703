#include "cli/main.hpp"

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "cli/run_option_flags.hpp"
#include "util/error.hpp"
#include "util/redact.hpp"

namespace sonde {

namespace {

// A key typed after --api-key (only `sonde sim` accepts one, like vLLM) is registered before
// parsing, so that no error message can echo it. True when one was given.
bool register_command_line_keys(int argc, char** argv) {
  bool given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--api-key" && i + 1 < argc) {
      add_secret(argv[i + 1]);
      given = true;
    } else if (a.rfind("--api-key=", 0) == 0) {
      add_secret(a.substr(10));
      given = true;
    }
  }
  return given;
}

}  // namespace

int cli_main(int argc, char** argv) {
  const bool key_on_command_line = register_command_line_keys(argc, argv);
  CLI::App app{
      "sonde: measures and explains the serving performance of vLLM and any "
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
  const Action capacity = add_capacity_command(app);
  const Action merge = add_merge_command(app);
  const Action fit = add_fit_command(app);
  try {
    // CLI11 reads argv; the joined words need somewhere to live while it does.
    std::vector<std::string> args = join_several_word_flags({argv + 1, argv + argc});
    std::vector<char*> joined_argv{argv[0]};
    for (std::string& a : args) joined_argv.push_back(a.data());
    app.parse(static_cast<int>(joined_argv.size()), joined_argv.data());
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (key_on_command_line && !app.got_subcommand("sim")) {
      fmt::print(stderr,
                 "sonde: --api-key: not accepted (a key on the command line lands in shell "
                 "history and process listings); use --api-key-env VAR or --api-key-file PATH\n");
      return static_cast<int>(ExitCode::usage);
    }
    fmt::print(stderr, "sonde: {}\nRun 'sonde --help' or 'sonde <command> --help' for usage.\n",
               redact(e.what()));
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
    if (app.got_subcommand("capacity")) return capacity();
    if (app.got_subcommand("merge")) return merge();
    if (app.got_subcommand("fit")) return fit();
  } catch (const Error& e) {
    fmt::print(stderr, "sonde: {}\n", redact(e.what()));  // messages may quote URLs, servers
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    fmt::print(stderr, "sonde: internal error: {}\n", redact(e.what()));
    return static_cast<int>(ExitCode::failure);
  }
  return static_cast<int>(ExitCode::usage);
}

}  // namespace sonde
