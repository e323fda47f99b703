#include "cli/dataset_flags.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "util/error.hpp"

namespace sonde {

void add_dataset_flags(CLI::App* cmd, DatasetFlags& f) {
  cmd->add_option("--dataset", f.dataset,
                  "Send a prompt dataset's rows as one scenario: sharegpt:FILE or jsonl:FILE "
                  "(docs/traffic.md); shaped by --concurrency (one level, default 1), --load, "
                  "--request-rate, --max-concurrency and --output-len (default: each row's own)");
  cmd->add_option("--requests", f.requests,
                  "With --dataset: requests to send (default: every row once)");
  cmd->add_option("--sample", f.sample,
                  "With --dataset: rows drawn at random (by --seed; default all)");
  cmd->add_option("--max-input-len", f.max_input_len,
                  "With --dataset: skip rows whose prompt is longer (server-counted tokens)");
}

void reject_dataset_flags_without_dataset(const CLI::App* cmd) {
  for (const char* name : {"--requests", "--sample", "--max-input-len"}) {
    if (cmd->count(name) > 0) {
      throw UsageError(
          fmt::format("{}: applies with --dataset only (the seed suite sets its own "
                      "requests per level: --requests-per-level)",
                      name));
    }
  }
}

ScenarioSpec dataset_scenario(const CLI::App* cmd, const DatasetFlags& f, const SeedSuiteParams& seed,
                              const std::string& load, uint64_t sample_seed) {
  for (const char* name : {"--input-lens", "--concurrency-input-len", "--concurrency-output-len",
                           "--requests-per-level"}) {
    if (cmd->count(name) > 0) {
      throw UsageError(fmt::format("{}: not used with --dataset (the rows are the prompts)", name));
    }
  }
  const auto colon = f.dataset.find(':');
  const std::string kind = colon == std::string::npos ? "" : f.dataset.substr(0, colon);
  DatasetSource d;
  if (kind == "sharegpt")
    d.kind = DatasetKind::sharegpt;
  else if (kind == "jsonl")
    d.kind = DatasetKind::jsonl;
  else {
    throw UsageError(
        fmt::format("--dataset: '{}' should be KIND:FILE with KIND sharegpt or jsonl, "
                    "e.g. --dataset jsonl:prompts.jsonl",
                    f.dataset));
  }
  d.path = f.dataset.substr(colon + 1);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(d.path, ec)) {
    throw UsageError(fmt::format("--dataset: '{}' is not a readable file", d.path));
  }
  if (cmd->count("--sample") > 0) {
    if (f.sample < 1) throw UsageError("--sample: must be >= 1 row");
    d.sample = static_cast<std::size_t>(f.sample);
  }
  d.seed = sample_seed;
  if (cmd->count("--max-input-len") > 0) {
    if (f.max_input_len < 1) throw UsageError("--max-input-len: must be >= 1 token");
    d.max_input_len = f.max_input_len;
  }
  if (cmd->count("--output-len") > 0) {
    if (seed.output_len < 1) throw UsageError("--output-len: must be >= 1 token");
    d.output_len = seed.output_len;
  }
  ScenarioSpec s;
  s.name = "dataset";
  s.output_len = d.output_len.value_or(0);
  s.load = *parse_load_shape(load);
  if (cmd->count("--concurrency") > 0) {
    if (seed.concurrency.size() != 1) {
      throw UsageError(
          "--concurrency: give one level with --dataset (one scenario), e.g. --concurrency 4");
    }
    s.concurrency = seed.concurrency.front();
  }
  if (s.load == LoadShape::rate) {
    if (seed.request_rates.size() != 1) {
      throw UsageError(
          "--request-rate: give one rate with --dataset --load rate, e.g. --request-rate 2");
    }
    s.request_rate = seed.request_rates.front();
    s.max_concurrency = seed.max_concurrency;
    if (s.max_concurrency > 0) s.concurrency = s.max_concurrency;
  }
  if (cmd->count("--requests") > 0) {
    if (f.requests < 1) throw UsageError("--requests: must be >= 1");
    s.requests = f.requests;
  } else {
    s.requests = 0;  // every row once
  }
  s.source = d;
  validate_scenario(s, "--dataset");
  return s;
}

}  // namespace sonde
