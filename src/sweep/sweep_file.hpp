#pragma once
// A sweep: the same suite run against a server launched once per point of a settings matrix
// (the user's "start two vLLM servers and compare", generalised to any serve flags).
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/run_options.hpp"
#include "config/scenario.hpp"
#include "config/capacity_block.hpp"
#include "server/command.hpp"
#include "sweep/executor_spec.hpp"

namespace sonde {

using FlagSet = std::vector<std::pair<std::string, FlagValue>>;  // flag (dashes) -> value, ordered

struct SweepPoint {
  std::string name;  // "p01", "p02", ... (directory name)
  FlagSet flags;     // this point's axis values (or an explicit point's flags)
};

struct SweepSpec {
  std::string source_path;                 // the sweep file
  std::vector<std::string> command;        // server argv prefix, e.g. {"vllm","serve","MODEL"}
  FlagSet fixed_args;                      // flags every point gets
  std::map<std::string, std::string> env;  // extra environment for the server
  int gpus = 0;                            // GPUs visible to the server (0 = unknown)
  double startup_timeout_s = 1200;         // launch -> /health and /v1/models OK
  int runs = 1;                            // repeats of the suite per point
  std::vector<std::pair<std::string, std::vector<FlagValue>>> axes;  // in file order
  std::vector<FlagSet> excludes;        // a point matching all flags of one is dropped
  std::vector<FlagSet> extra_points;    // explicit points appended after the matrix
  std::vector<ScenarioSpec> scenarios;  // the suite run at each point
  std::string model;                    // model name to request ("" = server's first)
  double sim_speed = 1;                 // for `sonde sim` servers: its --speed (time scale)
  RunOptions run;                       // the file's `run:` block over the defaults
  ExecutorSpec executor;                // where the points run (the file's `executor:` block)
  // The file's `capacity:` block: a capacity search at every launched point (made a search by
  // runner/capacity_run's capacity_plan per point; the SLOs are run.goodput). Without `suite:`
  // in the file, no suite runs. Kept as read, so that parsing the file needs no runner.
  std::optional<CapacityBlock> capacity;
};

// Loads a sweep YAML file; errors name FILE:LINE and the key (UsageError). Its `run:` block takes
// the run options by key (timeout_s, seed, ...; see config/run_options.hpp); relative file paths
// there are from the sweep file's directory.
SweepSpec load_sweep_file(const std::string& path);

// The matrix (first axis varies slowest), excludes removed, extra points appended.
std::vector<SweepPoint> expand_points(const SweepSpec& spec);

// "a=1, b=true" for humans.
std::string describe(const FlagSet& flags);

// The value of `flag` in fixed args overridden by the point's flags, if any.
const FlagValue* find_flag(const SweepSpec& spec, const SweepPoint& point, const std::string& flag);

}  // namespace sonde
