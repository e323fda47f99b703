#include "runner/ab_run.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <csignal>
#include <filesystem>
#include <memory>
#include <set>
#include <sstream>

#include "report/compare.hpp"
#include "report/lang.hpp"
#include "results/atomic_file.hpp"
#include "results/safe_file.hpp"
#include "runner/progress.hpp"
#include "runner/target_session.hpp"
#include "util/error.hpp"
#include "util/utc.hpp"
#include "workload/corpus.hpp"

namespace fs = std::filesystem;

namespace sonde {
namespace {

void check_sides(const std::vector<AbSide>& sides) {
  if (sides.size() != 2) {
    throw UsageError(fmt::format(
        "--base-url: given {} times; an A/B run compares exactly two servers (for more settings, "
        "launch them with `sonde sweep`)",
        sides.size()));
  }
  std::set<std::string> seen;
  for (const auto& s : sides) {
    const bool plain = !s.label.empty() && s.label != "." && s.label != ".." &&
                       s.label.find_first_of("/\\") == std::string::npos &&
                       s.label != "compare.md" && s.label != "compare.csv";
    if (!plain) {
      throw UsageError(
          fmt::format("--label: '{}' cannot name a result directory; use a short plain "
                      "name such as ON or OFF",
                      s.label));
    }
    if (!seen.insert(s.label).second) {
      throw UsageError(
          fmt::format("--label: '{}' is given twice; the two sides need different names", s.label));
    }
    if (s.base_url.empty()) throw UsageError("--base-url: an empty URL was given");
  }
}

std::string trimmed(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

AbResult execute_ab(const Plan& plan, const std::vector<AbSide>& sides,
                    const std::atomic<bool>& stop, const std::atomic<int>* stop_signal) {
  check_sides(sides);
  std::vector<Plan> plans;  // per side; sessions keep a reference, so no reallocation after this
  for (const auto& s : sides) {
    Plan& side = plans.emplace_back(plan);
    side.sim = false;
    side.base_url = s.base_url;
    if (s.server_args) side.server_args = *s.server_args;
    validate(side);
  }
  const Corpus corpus = Corpus::load(plan.options.corpus);
  Progress progress;

  // Both reachable before any directory is made: a typo in B must not leave half of A behind.
  std::vector<Endpoint> endpoints;
  for (const auto& s : sides) {
    Endpoint ep = plan_endpoint(plan);
    ep.base_url = trimmed(s.base_url);
    discover(ep, plan.model);
    endpoints.push_back(std::move(ep));
  }

  AbResult ab;
  ab.out_dir = plan.out_dir.empty() ? "results/ab-" + utc_now("{:%Y%m%d-%H%M%S}") : plan.out_dir;
  for (const auto& s : sides) {
    const fs::path dir = fs::path(ab.out_dir) / s.label;
    std::error_code ec;
    if (fs::exists(dir / "run.json", ec) || fs::exists(dir / "requests.jsonl", ec)) {
      throw UsageError(
          fmt::format("--out: {} already holds a run; choose a new directory so two runs never mix",
                      dir.string()));
    }
  }
  make_result_dirs(ab.out_dir);  // 0755 whatever the umask, like every result directory

  // One prompt id for both sides: request i of a scenario carries the same prompt (and the same
  // x-request-id) on A and on B. Prefix caching is per server, so this favours neither.
  const std::string id = random_run_id();
  std::vector<std::unique_ptr<TargetSession>> sessions;
  for (std::size_t k = 0; k < sides.size(); ++k) {
    ab.side_dirs.push_back((fs::path(ab.out_dir) / sides[k].label).string());
    sessions.push_back(std::make_unique<TargetSession>(
        plans[k], corpus, endpoints[k], nullptr, ab.side_dirs.back(),
        SessionIds{fmt::format("{}-{}", id, sides[k].label), id}, progress));
  }
  for (std::size_t k = 0; k < sides.size(); ++k) {
    progress.note(fmt::format("{}: warm-up at {}", sides[k].label, endpoints[k].base_url));
    sessions[k]->warm_up();
  }

  // One epoch for both, so that the journals' instants order the two sides on one time line.
  const Clock::time_point epoch = Clock::now();
  const auto gone = [&] {
    for (const auto& s : sessions) {
      if (!s->server_gone().empty()) return true;
    }
    return false;
  };
  for (std::size_t i = 0; i < plan.scenarios.size() && !stop.load() && !gone(); ++i) {
    for (std::size_t k = 0; k < sessions.size() && !stop.load() && !gone(); ++k) {
      progress.note(fmt::format("{}: scenario {} ({}/{})", sides[k].label, plan.scenarios[i].name,
                                i + 1, plan.scenarios.size()));
      sessions[k]->run_scenario(i, epoch, stop);
    }
  }

  const int sig = stop_signal != nullptr ? stop_signal->load() : 0;
  const std::string why = sig == SIGINT    ? "interrupted by SIGINT"
                          : sig == SIGTERM ? "interrupted by SIGTERM"
                          : gone()         ? "the other server stopped answering"
                                           : "interrupted by signal";
  std::vector<CompareSide> compared;
  ab.complete = true;
  for (std::size_t k = 0; k < sessions.size(); ++k) {
    ab.runs.push_back(sessions[k]->finish(stop.load() || gone(), why));
    ab.complete = ab.complete && ab.runs.back().complete;
    // Directories relative to compare.md, which sits next to them.
    compared.push_back(CompareSide{sides[k].label, sides[k].label, ab.runs.back()});
  }
  const SweepResult comparison = comparison_of(std::move(compared));
  std::ostringstream md, csv;
  write_compare_markdown(comparison, plan.options.lang, md);
  write_compare_csv(comparison, csv);
  write_file_atomic(fs::path(ab.out_dir) / "compare.md", md.str());
  write_file_atomic(fs::path(ab.out_dir) / "compare.csv", csv.str());
  ab.exit_code = gone()        ? ExitCode::server_gone
                 : stop.load() ? ExitCode::interrupted
                               : ExitCode::ok;
  return ab;
}

}  // namespace sonde
