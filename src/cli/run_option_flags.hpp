#pragma once
// The measurement flags shared by `sonde run` and `sonde sweep`: one registration, so both
// commands take the same names, help and defaults (config/run_options.hpp lists them).
#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

#include "config/run_options.hpp"

namespace sonde {

// Where CLI11 stores what was typed, by run option key; read only for flags actually given.
struct RunOptionFlags {
  std::map<std::string, std::string> values;  // value options, as typed
  std::map<std::string, bool> switches;       // switches (--insecure, --no-ignore-eos, ...)
  std::map<std::string, std::vector<std::string>> words;  // several-word options (--goodput), as typed
};

// Adds every run option as a flag of `cmd` (--timeout-s, --seed, ...). `f` must outlive parsing.
void add_run_option_flags(CLI::App* cmd, RunOptionFlags& f);

// Sets in `options` the run options given on the command line, leaving the others as they are
// (defaults, or a sweep file's `run:` block). Throws UsageError naming the flag.
void apply_run_option_flags(const CLI::App* cmd, const RunOptionFlags& f, RunOptions& options);

// vLLM's `--goodput ttft:500 tpot:50` takes several words, which CLI11 would take greedily: the
// file after them (`sonde sweep --goodput ttft:500 sweep.yaml`) would become an SLO. Before
// parsing, a several-word flag's words are joined into one argument: the first word always (its
// errors are the flag's), the next ones while they look like KEY:VALUE. `args` are argv[1..].
std::vector<std::string> join_several_word_flags(std::vector<std::string> args);

}  // namespace sonde
