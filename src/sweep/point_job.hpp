#pragma once
// One point of a sweep, run on this machine into an existing sweep directory: what a Slurm job
// does on its node (`sonde sweep FILE --point NAME --out DIR`, started by sweep/slurm_executor).
// The point is run by the local executor's own code (run_sweep_point), so a point measured on
// a cluster node and one measured locally are the same files.
#include <atomic>
#include <filesystem>
#include <optional>
#include <string>

#include "results/sweep_result.hpp"
#include "sweep/orchestrator.hpp"

namespace sonde {

// DIR/slurm/<point>/: the job's log (job.log) and its result (result.json).
std::filesystem::path point_job_dir(const std::string& out_dir, const std::string& point);
// DIR/slurm/<point>/result.json: the point as sweep.json records it, in a one-point sweep.
std::filesystem::path point_job_result(const std::string& out_dir, const std::string& point);
// DIR/slurm/run_options.json: the submitting sweep's resolved run options (file < flags).
std::filesystem::path sweep_run_options_path(const std::string& out_dir);

// Runs point `name` of `spec` with options.out_dir as the sweep directory and writes its
// result.json. Throws UsageError when the sweep has no such point (naming the ones it has).
PointResult run_point_job(const SweepSpec& spec, const std::string& name,
                          const SweepOptions& options, const std::atomic<bool>& stop);

// A finished cluster job's point: what the node recorded (point_job_result(), else `queued`, the
// point as submitted, with its name and job_id), with Slurm's verdict on the job over it
// (sweep/slurm_state.hpp): TIMEOUT -> timeout, ..., CANCELLED -> interrupted when this sweep
// cancelled it; a job that ended without a result is `crashed`, quoting its log's last line.
// `time_limit` ("" = unknown) is quoted in a timeout's reason.
PointResult collect_job_point(const std::string& out_dir, const PointResult& queued,
                              const std::string& state, bool cancelled_by_sweep,
                              const std::string& time_limit);

// Reads a point_job_result() file back; nullopt when it is missing or unreadable.
std::optional<PointResult> read_point_job_result(const std::filesystem::path& path);

}  // namespace sonde
