// `sonde compare RUN_A RUN_B`: the sweep comparison tables for any two result directories
// (e.g. the user's "two vLLM servers, chunked prefill ON and OFF").
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "report/lang.hpp"
#include "report/sweep_markdown.hpp"
#include "results/json.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

struct CompareFlags {
  std::string a, b;           // result directories
  std::string labels = "A,B"; // names of the two sides
  std::string lang = "ko";
};

int compare_action(const CompareFlags& f) {
  const auto lang = parse_lang(f.lang);
  if (!lang) throw UsageError(fmt::format("--lang: '{}' is not supported; use ko or en", f.lang));
  const auto comma = f.labels.find(',');
  if (comma == std::string::npos || comma == 0 || comma + 1 == f.labels.size()) {
    throw UsageError(fmt::format("--labels: '{}' must name both sides, e.g. ON,OFF", f.labels));
  }
  const std::string la = f.labels.substr(0, comma), lb = f.labels.substr(comma + 1);
  SweepResult sweep;
  sweep.sweep_file = f.a + " vs " + f.b;
  sweep.complete = true;
  sweep.axes.push_back({"run", {la, lb}});
  for (const auto& [dir, label] : {std::pair{f.a, la}, std::pair{f.b, lb}}) {
    PointResult p;
    p.name = label;
    p.status = "ok";
    p.settings.emplace_back("run", label);
    RunResult run = read_run_json(std::filesystem::path(dir) / "run.json");
    // A side's chunked prefill setting, when recorded, makes the ON/OFF table of section 4.
    for (const auto& s : run.server.settings) {
      if (s.name == "enable-chunked-prefill") p.settings.emplace_back(s.name, s.value);
    }
    sweep.started_at = sweep.started_at.empty() ? run.started_at : sweep.started_at;
    sweep.finished_at = run.finished_at;
    p.run_dirs.push_back(dir);
    p.runs.push_back(std::move(run));
    sweep.points.push_back(std::move(p));
  }
  write_sweep_markdown(sweep, *lang, std::cout);
  return 0;
}

}  // namespace

Action add_compare_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("compare", "Compare two result directories scenario by scenario (Markdown on stdout)");
  auto f = std::make_shared<CompareFlags>();
  cmd->add_option("run_a", f->a, "First result directory (A)")->required();
  cmd->add_option("run_b", f->b, "Second result directory (B)")->required();
  cmd->add_option("--labels", f->labels, "Names of the two sides, e.g. ON,OFF")->capture_default_str();
  cmd->add_option("--lang", f->lang, "ko or en")->capture_default_str();
  return [f] { return compare_action(*f); };
}

}  // namespace sonde
