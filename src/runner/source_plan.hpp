#pragma once
// The requests of a scenario whose prompts come from a file (docs/traffic.md): a prompt dataset
// (ShareGPT, JSONL) sent verbatim in the scenario's load shape, or a trace (Mooncake, Azure)
// replayed open-loop at its own timestamps with prompts of the traced lengths.
#include "config/scenario.hpp"
#include "results/run_result.hpp"
#include "runner/scenario_exec.hpp"

namespace sonde {

// True when `spec` reads a dataset or a trace file.
bool reads_file(const ScenarioSpec& spec);

// Reads the file of `spec` (when it reads_file) and throws what prepare_file_scenario would
// throw without asking the server: a malformed file, a `messages` row for a completions
// `endpoint`, a row without an output length, more `requests` than rows. Run before anything is
// written, so that bad input leaves no partial result.
void check_file_scenario(const ScenarioSpec& spec, const Endpoint& endpoint);

// Loads the file of `spec` (which reads_file) and prepares one request per row used. Rows the
// server could not take (prompt over max_input_len, prompt + output over the server's
// max_model_len) are skipped and counted in `record`. Throws UsageError (TrafficError) for a bad
// file, a `messages` row on /v1/completions, or more `requests` than usable rows.
DispatchPlan prepare_file_scenario(RequestFactory& factory, const ScenarioSpec& spec,
                                   PromptCalibration& calibration, SourceRecord& record,
                                   double time_scale);

}  // namespace sonde
