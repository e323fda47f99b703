#pragma once
// `sonde run --dataset KIND:FILE`: one scenario sending a prompt dataset's rows, shaped by the
// seed suite's load flags (--concurrency, --load, --request-rate, --max-concurrency,
// --output-len) and a few of its own (--requests, --sample, --max-input-len).
#include <CLI/CLI.hpp>

#include <string>

#include "config/suite.hpp"

namespace sonde {

struct DatasetFlags {
  std::string dataset;        // "sharegpt:FILE" or "jsonl:FILE"; empty = no dataset
  int requests = 0;           // 0 = every row once
  int64_t sample = 0;         // 0 = every row
  int64_t max_input_len = 0;  // 0 = no limit
};

void add_dataset_flags(CLI::App* cmd, DatasetFlags& f);

// The scenario of `--dataset`; `seed` holds the load flags as parsed, `load` the --load text,
// `sample_seed` the run's --seed. Throws UsageError naming the flag.
ScenarioSpec dataset_scenario(const CLI::App* cmd, const DatasetFlags& f, const SeedSuiteParams& seed,
                              const std::string& load, uint64_t sample_seed);

// Dataset-only flags given without --dataset are errors (they would be silently ignored).
void reject_dataset_flags_without_dataset(const CLI::App* cmd);

}  // namespace sonde
