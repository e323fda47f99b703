#pragma once
// `sonde run --clients N`: the load of every scenario split across N client processes (shards)
// that measure the same plan against the same server together, then merged (runner/merge.hpp).
// The parent starts the simulator once (with --sim) and a clock the shards measure themselves
// against, picks the common start instant, launches the shards — N processes here, or N tasks
// of one `srun` inside a Slurm allocation — waits for them all and merges OUT/shards/<k>/.
#include <atomic>
#include <string>
#include <vector>

#include "config/plan.hpp"
#include "results/run_result.hpp"
#include "util/error.hpp"

namespace sonde {

enum class ClientsExecutor {
  local,  // N child processes of this one
  slurm,  // one `srun --ntasks N` (inside an allocation, or srun allocates), SLURM_PROCID = shard
};

struct ClientsLaunch {
  int clients = 1;  // shards (>= 2 here)
  ClientsExecutor executor = ClientsExecutor::local;
  // The shard's command line without its shard flags: this program, `run`, and the user's
  // measurement flags (no --clients, --executor, --sim or --out; the parent adds what a shard
  // needs).
  std::vector<std::string> shard_argv;
};

// Throws UsageError before anything is launched when the plan cannot be split (a conversation
// scenario: its sessions are not divided yet).
void check_splittable(const Plan& plan);

// Runs the shards and merges them into out_dir (plan.out_dir or results/<time>). `exit_code`
// as for execute(): interrupted after `stop`, else the worst code a shard exited with (ok when
// all finished; a shard that did not finish makes the merged run incomplete, naming it). Throws
// Error naming the shard and its log when a shard left nothing to merge.
RunResult execute_clients(const Plan& plan, const ClientsLaunch& launch,
                          const std::atomic<bool>& stop, std::string& out_dir,
                          ExitCode* exit_code = nullptr);

}  // namespace sonde
