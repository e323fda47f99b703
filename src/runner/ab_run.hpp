#pragma once
// A/B without launching: the same suite against two already-running servers, alternating
// scenario by scenario (A s1, B s1, A s2, B s2, ...) so that drift on the client machine or the
// network hits both alike. Both sides get the same prompts (same seed, same prompt nonces).
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "config/plan.hpp"
#include "results/run_result.hpp"
#include "util/error.hpp"

namespace sonde {

struct AbSide {
  std::string label;     // directory name under the output directory and name in compare.md
  std::string base_url;  // the running server
  std::optional<std::string> server_args;  // its `vllm serve` flags (else plan.server_args)
};

struct AbResult {
  std::string out_dir;                 // OUT: OUT/<label>/ per side, OUT/compare.md, compare.csv
  std::vector<std::string> side_dirs;  // OUT/<label>, in side order
  std::vector<RunResult> runs;         // in side order
  bool complete = false;               // every scenario ran on every side
  ExitCode exit_code = ExitCode::ok;   // server_gone when a side stopped answering, interrupted
};

// Throws UsageError for bad labels (empty, duplicate, not a plain directory name) or a number of
// sides other than two, and UnreachableError naming the URL when a server cannot be reached —
// both before anything is measured or written. `plan.base_url` and `plan.sim` are ignored.
// When a side's server stops answering, both stop there (B alone would no longer be an A/B).
// `stop_signal`, when given, holds the signal that set `stop` (named in incomplete_reason).
AbResult execute_ab(const Plan& plan, const std::vector<AbSide>& sides,
                    const std::atomic<bool>& stop, const std::atomic<int>* stop_signal = nullptr);

}  // namespace sonde
