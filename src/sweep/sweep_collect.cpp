#include "sweep/sweep_collect.hpp"

#include <fmt/format.h>

#include "sweep/point_job.hpp"
#include "sweep/slurm_cli.hpp"
#include "sweep/slurm_state.hpp"
#include "sweep/sweep_output.hpp"
#include "sweep/sweep_rebuild.hpp"
#include "util/utc.hpp"

namespace sonde {

SweepResult collect_sweep(const std::string& dir, Lang lang,
                          const report::ConclusionOptions& conclusions) {
  SweepResult sweep = read_sweep_json(dir);
  std::vector<std::string> ids;
  for (const auto& p : sweep.points) {
    if (p.status == PointStatus::submitted && !p.job_id.empty()) ids.push_back(p.job_id);
  }
  const auto states = slurm_job_states(ids);
  bool queued = false;
  for (auto& p : sweep.points) {
    if (p.status != PointStatus::submitted) continue;
    const auto it = states.find(p.job_id);
    if (it != states.end() && !slurm_state_final(it->second)) {
      fmt::print(stderr, "sweep {}: job {} {}\n", p.name, p.job_id, it->second);
      queued = true;
      continue;
    }
    // A job Slurm no longer knows has ended: its result file says how, if it wrote one.
    p = collect_job_point(dir, p, it == states.end() ? "UNKNOWN" : it->second, false, "");
    fmt::print(stderr, "sweep {}: {}{}\n", p.name, point_status_name(p.status),
               p.reason.empty() ? "" : " (" + p.reason + ")");
  }
  sweep.complete = !queued;
  sweep.incomplete_reason =
      queued ? "points queued on the cluster; collect them with sonde sweep --collect DIR" : "";
  if (sweep.complete) sweep.finished_at = utc_now("{:%Y-%m-%dT%H:%M:%SZ}");
  write_sweep_outputs(dir, sweep, std::string(to_string(lang)), conclusions);
  return sweep;
}

}  // namespace sonde
