#include "runner/outputs.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/csv.hpp"
#include "report/html.hpp"
#include "report/lang.hpp"
#include "report/telemetry_series.hpp"
#include "report/markdown.hpp"
#include "results/atomic_file.hpp"
#include "results/journal.hpp"
#include "results/json.hpp"
#include "results/vllm_bench.hpp"
#include "util/error.hpp"

namespace fs = std::filesystem;

namespace sonde {

void prepare_out_dir(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir / fs::path("requests.jsonl"), ec) || fs::exists(dir / fs::path("run.json"), ec)) {
    throw UsageError(fmt::format(
        "--out: {} already holds a run; choose a new directory so two runs never mix", dir));
  }
  fs::create_directories(fs::path(dir) / "vllm", ec);
  if (ec) {
    throw UsageError(fmt::format("--out: cannot create {}: {}", dir, ec.message()));
  }
  ::chmod(dir.c_str(), 0755);
}

void write_run_json(const std::string& dir, const RunResult& run) {
  write_file_atomic(fs::path(dir) / "run.json", run_json_text(run));
}

void write_vllm_json(const std::string& dir, const RunResult& run, const ScenarioResult& scenario,
                     const std::vector<RequestRecord>& records) {
  const auto json = vllm_bench_json(run, scenario, records);
  fs::create_directories(fs::path(dir) / "vllm");
  write_file_atomic(fs::path(dir) / "vllm" / (scenario.spec.name + ".json"), json.dump(2) + "\n");
}

void write_reports(const std::string& dir, const RunResult& run, const std::string& lang) {
  const Lang l = *parse_lang(lang);
  std::ostringstream md;
  write_markdown_report(run, l, md);
  write_file_atomic(fs::path(dir) / "report.md", md.str());
  const auto journal = read_journal(fs::path(dir) / "requests.jsonl");
  std::ostringstream html;
  const auto telemetry = read_telemetry_jsonl(fs::path(dir) / "telemetry.jsonl");
  write_html_report(run, &journal.records, l, html, &telemetry);
  write_file_atomic(fs::path(dir) / "report.html", html.str());
  std::ostringstream csv;
  write_summary_csv(run, csv);
  write_file_atomic(fs::path(dir) / "summary.csv", csv.str());
}

}  // namespace sonde
