#include "sweep/slurm_cli.hpp"

#include <fmt/format.h>

#include <chrono>
#include <sstream>

#include "telemetry/process.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

using std::chrono::seconds;

// run_process discards stderr; Slurm's tools explain themselves there, so fold it into stdout.
ProcessResult run_with_stderr(const std::string& program, const std::vector<std::string>& args,
                              seconds timeout) {
  std::vector<std::string> argv{"sh", "-c", "exec \"$0\" \"$@\" 2>&1", program};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, timeout);
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

std::string join(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
  return out;
}

// Lines "ID|FIELD" -> map, for the ids asked about only.
void read_pairs(const std::string& text, const std::vector<std::string>& ids,
                std::map<std::string, std::string>& out) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const auto bar = line.find('|');
    if (bar == std::string::npos) continue;
    const std::string id = line.substr(0, bar);
    for (const auto& want : ids) {
      if (want == id && !out.count(id)) out[id] = trimmed(line.substr(bar + 1));
    }
  }
}

}  // namespace

std::string sbatch_problem() {
  const ProcessResult r = run_with_stderr("sbatch", {"--version"}, seconds(20));
  if (r.exit_code == 0) return "";
  if (r.exit_code == 127) return "sbatch is not on PATH";
  return fmt::format("sbatch --version failed: {}", trimmed(r.out.empty() ? r.error : r.out));
}

std::string sbatch(const std::vector<std::string>& args) {
  std::vector<std::string> all{"--parsable"};
  all.insert(all.end(), args.begin(), args.end());
  const ProcessResult r = run_with_stderr("sbatch", all, seconds(60));
  const std::string out = trimmed(r.out);
  if (r.exit_code != 0) {
    throw Error(ExitCode::failure,
                fmt::format("sbatch refused the job: {}", out.empty() ? r.error : out));
  }
  // --parsable prints "ID" or "ID;CLUSTER" as its last line (warnings may come before it).
  const std::string last =
      out.substr(out.find_last_of('\n') == std::string::npos ? 0 : out.find_last_of('\n') + 1);
  const std::string id = last.substr(0, last.find(';'));
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
    throw Error(ExitCode::failure, fmt::format("sbatch printed no job id: {}", out));
  return id;
}

std::map<std::string, std::string> slurm_job_states(const std::vector<std::string>& ids) {
  std::map<std::string, std::string> states;
  if (ids.empty()) return states;
  // All of this user's jobs, filtered here: `squeue -j` fails outright on a forgotten id.
  const ProcessResult q =
      run_process({"squeue", "--me", "--states=all", "--noheader", "--format=%i|%T"}, seconds(30));
  if (q.exit_code == 0) read_pairs(q.out, ids, states);
  std::vector<std::string> missing;
  for (const auto& id : ids) {
    if (!states.count(id)) missing.push_back(id);
  }
  if (missing.empty()) return states;
  const ProcessResult a = run_process({"sacct", "--noheader", "--parsable2", "--allocations",
                                       "--format=JobID,State", "--jobs", join(missing)},
                                      seconds(30));
  if (a.exit_code == 0) read_pairs(a.out, missing, states);
  return states;
}

std::string slurm_job_node(const std::string& id) {
  const ProcessResult q =
      run_process({"squeue", "--noheader", "--format=%N", "--jobs", id}, seconds(30));
  return q.exit_code == 0 ? trimmed(q.out) : "";
}

bool scancel(const std::vector<std::string>& ids, std::string& error) {
  if (ids.empty()) return true;
  const ProcessResult r = run_with_stderr("scancel", ids, seconds(60));
  error = r.exit_code == 0 ? "" : trimmed(r.out.empty() ? r.error : r.out);
  return r.exit_code == 0;
}

}  // namespace sonde
