#pragma once
// Writes a run's files into its output directory. Formats come from results/ and report/.
#include <string>
#include <vector>

#include "results/record.hpp"
#include "results/run_result.hpp"

namespace sonde {

// Creates `dir` (and parents) with mode 0755. Throws UsageError when it cannot, or when it
// already holds a run (requests.jsonl or run.json), so two runs never mix.
void prepare_out_dir(const std::string& dir);

// run.json, atomically (temp + rename).
void write_run_json(const std::string& dir, const RunResult& run);

// vllm/<scenario>.json in the key names of `vllm bench serve --save-result`.
void write_vllm_json(const std::string& dir, const RunResult& run, const ScenarioResult& scenario,
                     const std::vector<RequestRecord>& records);

// report.md in `lang` ("ko" or "en").
void write_reports(const std::string& dir, const RunResult& run, const std::string& lang);

}  // namespace sonde
