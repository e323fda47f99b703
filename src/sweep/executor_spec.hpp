#pragma once
// Where a sweep's points run: the sweep file's `executor:` block (`sonde sweep --executor`
// overrides its kind). See sweep/executor.hpp for the seam itself.
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace sonde {

struct ExecutorSpec {
  std::string kind = "local";           // "local" (one point after another here) or "slurm"
  std::string partition;                // sbatch --partition ("" = the cluster's default)
  std::string gres;                     // sbatch --gres, e.g. "gpu:2" ("" = none requested)
  std::string time;                     // sbatch --time per point, e.g. "30" or "01:00:00"
  std::string account;                  // sbatch --account ("" = the user's default)
  std::vector<std::string> extra_args;  // further sbatch arguments, passed as given
  std::string output;  // a directory every node sees: sweeps go under it when --out is not
                       // given ("" = results/ under the current directory)
};

// The executor kinds sonde knows, for messages: "local, slurm".
inline constexpr const char* kExecutorKinds = "local, slurm";

// Throws UsageError naming `where` (e.g. "--executor") when `kind` is not one of kExecutorKinds.
void check_executor_kind(const std::string& kind, const std::string& where);

// Reads an `executor:` mapping of the sweep file at `path`; errors name FILE:LINE and the key.
ExecutorSpec load_executor_block(const std::string& path, const YAML::Node& node);

}  // namespace sonde
