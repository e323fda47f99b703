// `sonde compare RUN_A RUN_B`: the sweep comparison tables for any two result directories
// (e.g. the user's "two vLLM servers, chunked prefill ON and OFF").
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "report/compare.hpp"
#include "report/lang.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

struct CompareFlags {
  std::string a, b;            // result directories
  std::string labels = "A,B";  // names of the two sides
  std::string lang = "ko";
};

int compare_action(const CompareFlags& f) {
  const auto lang = parse_lang(f.lang);
  if (!lang) throw UsageError(fmt::format("--lang: '{}' is not supported; use ko or en", f.lang));
  const auto labels = parse_labels(f.labels, 2, "--labels");
  const SweepResult comparison =
      comparison_of({load_compare_side(labels[0], f.a), load_compare_side(labels[1], f.b)});
  write_compare_markdown(comparison, *lang, std::cout);
  return 0;
}

}  // namespace

Action add_compare_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "compare", "Compare two result directories scenario by scenario (Markdown on stdout)");
  auto f = std::make_shared<CompareFlags>();
  cmd->add_option("run_a", f->a, "First result directory (A)")->required();
  cmd->add_option("run_b", f->b, "Second result directory (B)")->required();
  cmd->add_option("--labels", f->labels, "Names of the two sides, e.g. ON,OFF")->capture_default_str();
  cmd->add_option("--lang", f->lang, "ko or en")->capture_default_str();
  return [f] { return compare_action(*f); };
}

}  // namespace sonde
