#pragma once
// The target flags shared by `sonde run` and `sonde capacity`: which server (--base-url or
// --sim with --sim-speed), which model, the server's own flags for the record, and where the
// results go. One registration, so both commands take the same names, help and defaults.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "config/plan.hpp"

namespace sonde {

// Where CLI11 stores the target flags that a command may take more than once (`sonde run`
// takes them once per A/B side); --sim, --sim-speed, --model and --out go straight to the Plan.
struct TargetFlags {
  std::vector<std::string> base_urls;    // --base-url, as many as given
  std::vector<std::string> server_args;  // --server-args, as many as given
};

// Adds --base-url, --sim, --sim-speed, --model, --out and --server-args to `cmd`. `f` and
// `plan` must outlive parsing. `ab`: --base-url may be given twice (`sonde run`'s A/B run).
void add_target_flags(CLI::App* cmd, TargetFlags& f, Plan& plan, bool ab);

// A single-server command: at most one --base-url and one --server-args, not with --sim; sets
// plan.base_url and plan.server_args. Throws UsageError naming the flag.
void apply_single_target(const TargetFlags& f, Plan& plan);

}  // namespace sonde
