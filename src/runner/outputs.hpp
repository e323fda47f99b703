#pragma once
// Writes a run's files into its output directory. Formats come from results/ and report/.
// Every file is created 0644 without following links (results/safe_file.hpp) and its text is
// redacted by write_file_atomic / JournalWriter: API keys and URL passwords never reach the disk.
#include <string>
#include <vector>

#include "report/findings.hpp"
#include "report/report_formats.hpp"
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

// report.md, report.html and summary.csv in `lang` ("ko" or "en").
void write_reports(const std::string& dir, const RunResult& run, const std::string& lang);

// The chosen reports only (`sonde report DIR --format ...`), with the conclusions' options.
void write_reports(const std::string& dir, const RunResult& run, const std::string& lang,
                   const ReportFormats& formats, const report::ConclusionOptions& options);

}  // namespace sonde
