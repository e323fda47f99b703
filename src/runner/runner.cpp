#include "runner/runner.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <csignal>
#include <memory>

#include "runner/progress.hpp"
#include "runner/target_session.hpp"
#include "sim/sim_server.hpp"
#include "util/utc.hpp"
#include "workload/corpus.hpp"

namespace sonde {

RunResult execute(const Plan& plan, const std::atomic<bool>& stop, std::string& out_dir,
                  ExitCode* exit_code, const std::atomic<int>* stop_signal) {
  validate(plan);
  const Corpus corpus = Corpus::load(plan.options.corpus);
  Progress progress;

  std::unique_ptr<SimServer> sim;
  SimOptions sim_options;
  Endpoint ep = plan_endpoint(plan);
  if (plan.sim) {
    sim_options.port = 0;
    sim_options.speed = plan.sim_speed;
    // Per-request prefix-cache hits (cached_tokens) for the report, as a user would start vLLM.
    sim_options.enable_prompt_tokens_details = true;
    sim = std::make_unique<SimServer>(sim_options);
    sim->start();
    ep.base_url = fmt::format("http://127.0.0.1:{}", sim->port());
  } else {
    ep.base_url = plan.base_url;
    while (!ep.base_url.empty() && ep.base_url.back() == '/') ep.base_url.pop_back();
  }
  out_dir = plan.out_dir.empty() ? "results/" + utc_now("{:%Y%m%d-%H%M%S}") : plan.out_dir;
  const std::string id = random_run_id();
  TargetSession session(plan, corpus, ep, plan.sim ? &sim_options : nullptr, out_dir,
                        SessionIds{id, id}, progress);
  session.warm_up();

  const Clock::time_point epoch = Clock::now();
  for (std::size_t i = 0;
       i < plan.scenarios.size() && !stop.load() && session.server_gone().empty(); ++i) {
    session.run_scenario(i, epoch, stop);
  }
  const int sig = stop_signal != nullptr ? stop_signal->load() : 0;
  const std::string why = sig == SIGINT    ? "interrupted by SIGINT"
                          : sig == SIGTERM ? "interrupted by SIGTERM"
                                           : "interrupted by signal";
  RunResult run = session.finish(stop.load(), why);
  if (sim) sim->stop();
  if (exit_code != nullptr) {
    *exit_code = !session.server_gone().empty() ? ExitCode::server_gone
                 : stop.load()                  ? ExitCode::interrupted
                                                : ExitCode::ok;
  }
  return run;
}

}  // namespace sonde
