#include "sweep/point_job.hpp"

#include <fmt/format.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "results/atomic_file.hpp"
#include "server/port.hpp"
#include "sweep/slurm_state.hpp"
#include "util/error.hpp"

namespace fs = std::filesystem;

namespace sonde {

fs::path point_job_dir(const std::string& out_dir, const std::string& point) {
  return fs::path(out_dir) / "slurm" / point;
}

fs::path point_job_result(const std::string& out_dir, const std::string& point) {
  return point_job_dir(out_dir, point) / "result.json";
}

fs::path sweep_run_options_path(const std::string& out_dir) {
  return fs::path(out_dir) / "slurm" / "run_options.json";
}

PointResult run_point_job(const SweepSpec& spec, const std::string& name, const SweepOptions& o,
                          const std::atomic<bool>& stop) {
  const auto points = expand_points(spec);
  const SweepPoint* point = nullptr;
  std::string names;
  for (const auto& p : points) {
    names += (names.empty() ? "" : ", ") + p.name;
    if (p.name == name) point = &p;
  }
  if (point == nullptr) {
    throw UsageError(fmt::format("--point: {} has no point \"{}\"; its points are {}",
                                 spec.source_path, name, names));
  }
  PointResult result;
  result.name = point->name;
  for (const auto& [flag, value] : point->flags)
    result.settings.emplace_back(flag, flag_value_text(value));
  // The node's own free port: the submitting machine's plan means nothing here.
  run_sweep_point(spec, *point, o, stop, result, pick_free_port());
  SweepResult one;
  one.tool_version = SONDE_VERSION;
  one.sweep_file = spec.source_path;
  one.executor = "slurm";
  one.complete = true;
  one.points.push_back(result);
  fs::create_directories(point_job_dir(o.out_dir, name));
  write_file_atomic(point_job_result(o.out_dir, name), sweep_json(one).dump(2) + "\n");
  return result;
}

namespace {

std::string last_line_of(const fs::path& path) {
  std::ifstream in(path);
  std::string last;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) last = line;
  }
  return last;
}

}  // namespace

PointResult collect_job_point(const std::string& out_dir, const PointResult& queued,
                              const std::string& state, bool cancelled_by_sweep,
                              const std::string& time_limit) {
  const std::string log = (fs::path("slurm") / queued.name / "job.log").string();
  std::optional<PointResult> got = read_point_job_result(point_job_result(out_dir, queued.name));
  PointResult r = got ? std::move(*got) : queued;
  r.job_id = queued.job_id;
  const auto imposed = point_status_of_slurm_state(state);
  if (imposed) {
    const bool ours = cancelled_by_sweep && *imposed == PointStatus::cancelled;
    r.status = ours ? PointStatus::interrupted : *imposed;
    std::string why = fmt::format("Slurm job {} ended {}", r.job_id, state);
    if (*imposed == PointStatus::timeout && !time_limit.empty())
      why += fmt::format(" (time limit {})", time_limit);
    if (ours) why += " by this sweep's interruption";
    r.reason = why + (r.reason.empty() ? "" : "; " + r.reason) + "; see " + log;
  } else if (!got) {
    r.status = PointStatus::crashed;
    const std::string tail = last_line_of(fs::path(out_dir) / log);
    r.reason = fmt::format("Slurm job {} ended {} without a result; see {}{}", r.job_id, state, log,
                           tail.empty() ? "" : ": " + tail);
  }
  return r;
}

std::optional<PointResult> read_point_job_result(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  try {
    const SweepResult one = sweep_from_json(nlohmann::json::parse(in));
    if (one.points.size() != 1) return std::nullopt;
    return one.points.front();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace sonde
