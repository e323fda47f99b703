// `sonde report DIR`: regenerate the reports of a finished (or interrupted) run.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "runner/rebuild.hpp"
#include "util/error.hpp"

namespace sonde {

Action add_report_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("report", "Rebuild run.json summaries and report.md from a result directory");
  auto dir = std::make_shared<std::string>();
  auto lang = std::make_shared<std::string>("ko");
  cmd->add_option("dir", *dir, "Result directory written by `sonde run`")->required();
  cmd->add_option("--lang", *lang, "Report language: ko or en")->capture_default_str();
  return [dir, lang] {
    if (*lang != "ko" && *lang != "en") {
      throw UsageError(fmt::format("--lang: '{}' is not supported; use ko or en", *lang));
    }
    const RunResult run = rebuild_reports(*dir, *lang);
    fmt::print("Rebuilt {} scenario(s): {}/report.md\n", run.scenarios.size(), *dir);
    return 0;
  };
}

}  // namespace sonde
