#pragma once
// Scenario suites: the built-in seed suite (the user's request) and YAML suite files.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/capacity_block.hpp"
#include "config/run_options.hpp"
#include "config/scenario.hpp"

namespace sonde {

struct SeedSuiteParams {
  std::vector<int64_t> input_lens{1000, 3000, 6000, 10000};  // one scenario each, sequential
  int64_t output_len = 512;                                  // output of those scenarios
  std::vector<int> concurrency{1, 2, 4, 8};                  // one scenario per level
  int64_t concurrency_input_len = 3000;                      // input of concurrency scenarios
  int64_t concurrency_output_len = 300;                      // output of concurrency scenarios
  int requests_per_level = 5;                                // requests (or rounds) per level
  LoadShape load = LoadShape::burst;                         // shape of the concurrency stage
  std::vector<double> request_rates;                         // req/s levels for load = rate
  int max_concurrency = 0;                                   // rate mode cap; 0 = none
};

// short_1k, mid_3k, long_6k, verylong_10k (one request at a time), then concurrency_<c>
// (or rate_<r> in rate mode).
std::vector<ScenarioSpec> seed_suite(const SeedSuiteParams& params);

// The conventional name of an input-length scenario: 1000 -> "short_1k", 3000 -> "mid_3k",
// 6000 -> "long_6k", 10000 -> "verylong_10k", otherwise "input_<n>".
std::string input_scenario_name(int64_t input_len);

struct SuiteFile {
  std::vector<ScenarioSpec> scenarios;                               // in run order
  std::vector<std::pair<std::string, std::string>> server_settings;  // `server:` block, flag -> value
  GoodputSlos goodput;  // `goodput: "ttft:500 tpot:50"` (--goodput on the command line wins)
  // `capacity:` — a capacity search after the scenarios, in the same `sonde run` (into
  // OUT/capacity/); a sweep using this suite searches at every point
  std::optional<CapacityBlock> capacity;
};

// Loads a YAML suite file: `scenarios`, optional `defaults`, an optional `server` block
// describing the running server's vLLM settings (recorded in the report), optional `goodput`
// SLOs (vLLM's --goodput spelling) and an optional `capacity` block. Errors as below.
SuiteFile load_suite(const std::string& path);

// Loads a YAML suite file. Throws UsageError "FILE:LINE: KEY: problem; what is allowed" on any
// malformed document, unknown key or invalid value.
std::vector<ScenarioSpec> load_suite_file(const std::string& path);

// Throws UsageError when a scenario is invalid; `where` prefixes the message.
void validate_scenario(const ScenarioSpec& s, const std::string& where);
// validate_scenario for a scenario reading a dataset or trace (no input_len; requests 0 = every
// row; a trace has no load shape of its own).
void validate_file_scenario(const ScenarioSpec& s, const std::string& where);

// The `ramp` part of validate_scenario: only with load 'rate', not with request_rate, rates
// >= 0 (to_rate > 0) and duration_s > 0.
void validate_ramp(const ScenarioSpec& s, const std::string& where);

}  // namespace sonde
