// `sonde merge DIR`: the shards of a `sonde run --clients N` (DIR/shards/<k>/) merged into one
// run in DIR. `sonde run --clients N` does this itself at its end; by hand it serves shards
// collected later (Slurm tasks whose output arrived after the parent ended) or a re-merge.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "config/lang.hpp"
#include "report/console.hpp"
#include "runner/merge.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

struct MergeFlags {
  std::string dir;
  std::string lang;  // "" = the run's own
};

int merge_action(const MergeFlags& f) {
  if (!f.lang.empty() && !parse_lang(f.lang)) {
    throw UsageError(fmt::format("--lang: '{}' is not supported; use ko or en", f.lang));
  }
  const RunResult run = merge_shards(f.dir, f.lang);
  print_console_summary(run, stdout);
  fmt::print("Merged {} shard(s): {}/run.json, {}/requests.jsonl, {}/report.md\n", run.clients,
             f.dir, f.dir, f.dir);
  if (!run.complete) {
    fmt::print(stderr, "sonde: merged, but the run is incomplete: {}\n", run.incomplete_reason);
    return static_cast<int>(ExitCode::interrupted);
  }
  return run.valid ? 0 : static_cast<int>(ExitCode::invalid);
}

}  // namespace

Action add_merge_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "merge", "Merge the shards of a `sonde run --clients N` (DIR/shards/<k>/) into DIR");
  auto f = std::make_shared<MergeFlags>();
  cmd->add_option("dir", f->dir, "The --out directory of `sonde run --clients N`")->required();
  cmd->add_option("--lang", f->lang, "Report language: ko or en (default: the run's)");
  return [f] { return merge_action(*f); };
}

}  // namespace sonde
