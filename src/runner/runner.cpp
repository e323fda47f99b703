#include "runner/runner.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <optional>

#include "runner/plan_target.hpp"
#include "runner/progress.hpp"
#include "runner/shard_facts.hpp"
#include "runner/shard_sync.hpp"
#include "runner/target_session.hpp"
#include "util/utc.hpp"
#include "workload/corpus.hpp"

namespace sonde {

std::string interruption_reason(const std::atomic<int>* stop_signal) {
  const int sig = stop_signal != nullptr ? stop_signal->load() : 0;
  return sig == SIGINT    ? "interrupted by SIGINT"
         : sig == SIGTERM ? "interrupted by SIGTERM"
                          : "interrupted by signal";
}

RunResult execute(const Plan& plan, const std::atomic<bool>& stop, std::string& out_dir,
                  ExitCode* exit_code, const std::atomic<int>* stop_signal) {
  validate(plan);
  const Corpus corpus = Corpus::load(plan.options.corpus);
  Progress progress;

  PlanTarget target = start_plan_target(plan);
  out_dir = plan.out_dir.empty() ? "results/" + utc_now("{:%Y%m%d-%H%M%S}") : plan.out_dir;
  const std::optional<ShardWiring>& shard = plan.wiring.shard;
  // Shards share the parent's id: the same prompts, and x-request-ids unique across them.
  const std::string id = shard ? shard->run_id : random_run_id();
  TargetSession session(plan, corpus, target.endpoint, target.sim ? &target.sim_options : nullptr,
                        out_dir, SessionIds{id, id}, progress);
  std::optional<ShardFacts> facts;
  if (shard) facts = shard_facts(*shard);  // the clock, measured before any load
  session.warm_up();

  // Shards count time from the common start instant, so that their records share one clock.
  Clock::time_point epoch = Clock::now();
  if (shard) {
    epoch = steady_at_wall(shard->start_at_unix_ns);
    facts->late_start_ms = std::max(0.0, ms_between(epoch, Clock::now()));
    if (facts->late_start_ms > 0) {
      progress.note(
          fmt::format("warning: shard {} was ready {:.0f} ms after the common start "
                      "instant; its scenarios still start together with the others",
                      shard->index, facts->late_start_ms));
    }
    session.set_shard(std::move(*facts));
    sleep_until_or_stop(epoch, stop);
  }
  for (std::size_t i = 0;
       i < plan.scenarios.size() && !stop.load() && session.server_gone().empty(); ++i) {
    session.run_scenario(i, epoch, stop);
  }
  RunResult run = session.finish(stop.load(), interruption_reason(stop_signal));
  if (target.sim) target.sim->stop();
  if (exit_code != nullptr) {
    *exit_code = !session.server_gone().empty() ? ExitCode::server_gone
                 : stop.load()                  ? ExitCode::interrupted
                                                : ExitCode::ok;
  }
  return run;
}

}  // namespace sonde
