// `sonde report DIR`: regenerate the reports of a finished (or interrupted) run or sweep.
#include <fmt/format.h>

#include <filesystem>

#include "cli/commands.hpp"
#include "cli/report_flags.hpp"
#include "report/report_formats.hpp"
#include "runner/rebuild.hpp"
#include "sweep/sweep_rebuild.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

struct ReportFlags {
  std::string dir;
  std::string lang = "ko";
  std::string format = "md,html,csv";
  ConclusionFlags conclusions;
};

std::string written(const std::string& dir, const ReportFormats& f) {
  std::string out;
  for (const auto& [on, name] : {std::pair{f.md, "report.md"}, std::pair{f.html, "report.html"},
                                 std::pair{f.csv, "summary.csv"}}) {
    if (on) out += fmt::format("{}{}/{}", out.empty() ? "" : ", ", dir, name);
  }
  return out;
}

int report_action(const ReportFlags& f) {
  const auto lang = parse_lang(f.lang);
  if (!lang) throw UsageError(fmt::format("--lang: '{}' is not supported; use ko or en", f.lang));
  const ReportFormats formats = parse_formats(f.format);
  const report::ConclusionOptions options = conclusion_options(f.conclusions);
  namespace fs = std::filesystem;
  if (!fs::is_directory(f.dir)) {
    throw UsageError(fmt::format(
        "{}: not a directory; pass a result directory of `sonde run` or `sonde sweep`", f.dir));
  }
  // A sweep directory holds sweep.json (its points' run directories sit below it).
  if (fs::exists(fs::path(f.dir) / "sweep.json")) {
    const SweepResult sweep = rebuild_sweep_reports(f.dir, *lang, options, formats);
    fmt::print("Rebuilt sweep of {} point(s): {}\n", sweep.points.size(), written(f.dir, formats));
    return 0;
  }
  if (!fs::exists(fs::path(f.dir) / "run.json")) {
    throw UsageError(
        fmt::format("{}: holds neither run.json nor sweep.json; pass a result directory "
                    "of `sonde run` or `sonde sweep`",
                    f.dir));
  }
  const RunResult run = rebuild_reports(f.dir, f.lang, formats, options);
  fmt::print("Rebuilt {} scenario(s): {}\n", run.scenarios.size(), written(f.dir, formats));
  return 0;
}

}  // namespace

Action add_report_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("report",
                                 "Rebuild the reports of a run or sweep from its result directory");
  auto f = std::make_shared<ReportFlags>();
  cmd->add_option("dir", f->dir, "Result directory written by `sonde run` or `sonde sweep`")->required();
  cmd->add_option("--lang", f->lang, "Report language: ko or en")->capture_default_str();
  cmd->add_option("--format", f->format, "Reports to write: md, html, csv, comma-separated")
      ->capture_default_str();
  add_conclusion_flags(cmd, f->conclusions);
  return [f] { return report_action(*f); };
}

}  // namespace sonde
