#pragma once
// `sonde run --clients N [--executor local|slurm]`, and the internal flags with which the
// parent starts each shard (--shard K/N, --shard-run-id, --shard-start-at, --shard-clock,
// --shard-sim-url: hidden from --help; a user never types them).
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "config/plan.hpp"
#include "runner/clients_run.hpp"

namespace sonde {

struct ClientsFlags {
  int clients = 1;                 // --clients: client processes sharing the load
  std::string executor = "local";  // --executor: where they run (local processes, srun tasks)
  // Internal (set by the parent run on a shard's command line):
  std::string shard;        // --shard K/N, K "slurm" = SLURM_PROCID
  std::string run_id;       // --shard-run-id: the parent's run id
  int64_t start_at_ns = 0;  // --shard-start-at: the common start instant, ns since 1970
  std::string clock;        // --shard-clock HOST:PORT: the parent's clock
  std::string sim_url;      // --shard-sim-url: the simulator the parent started
};

void add_clients_flags(CLI::App* cmd, ClientsFlags& f);

// True when this process is a shard (--shard given).
inline bool is_shard(const ClientsFlags& f) { return !f.shard.empty(); }

// A shard's plan: its wiring, its output directory (OUT/shards/<k>) and, with --shard-sim-url,
// the parent's simulator as its server. Throws UsageError on a malformed --shard.
void apply_shard_flags(const ClientsFlags& f, Plan& plan);

// How the parent launches the shards: this program's own command line without the flags the
// parent sets itself (--clients, --executor, --out, --sim, --sim-speed, --base-url).
ClientsLaunch clients_launch(const ClientsFlags& f);

}  // namespace sonde
