#include "runner/outputs.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/charts.hpp"
#include "report/csv.hpp"
#include "report/html.hpp"
#include "report/lang.hpp"
#include "report/telemetry_series.hpp"
#include "report/markdown.hpp"
#include "results/atomic_file.hpp"
#include "results/journal.hpp"
#include "results/json.hpp"
#include "results/safe_file.hpp"
#include "results/vllm_bench.hpp"
#include "util/error.hpp"

namespace fs = std::filesystem;

namespace sonde {

void prepare_out_dir(const std::string& dir) {
  // symlink_status: a dangling link named run.json counts as "already there" too.
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dir / fs::path("requests.jsonl"), ec)) ||
      fs::exists(fs::symlink_status(dir / fs::path("run.json"), ec))) {
    throw UsageError(fmt::format(
        "--out: {} already holds a run; choose a new directory so two runs never mix", dir));
  }
  // Explicit 0755 (the umask may only restrict); the --out directory itself may be a link the
  // user made, but nothing sonde creates inside it may be.
  make_result_dirs(dir);
  make_result_dirs(fs::path(dir) / "vllm", /*allow_link=*/false);
  // The streamed files are created here, fresh (O_EXCL, no links), so that the writers that
  // later append to them by name find sonde's own regular files.
  for (const char* name : {"requests.jsonl", "telemetry.jsonl"}) {
    ::close(open_result_file(fs::path(dir) / name, O_EXCL));
  }
}

void write_run_json(const std::string& dir, const RunResult& run) {
  write_file_atomic(fs::path(dir) / "run.json", run_json_text(run));
}

void write_vllm_json(const std::string& dir, const RunResult& run, const ScenarioResult& scenario,
                     const std::vector<RequestRecord>& records) {
  const auto json = vllm_bench_json(run, scenario, records);
  make_result_dirs(fs::path(dir) / "vllm", /*allow_link=*/false);
  write_file_atomic(fs::path(dir) / "vllm" / (scenario.spec.name + ".json"), json.dump(2) + "\n");
}

void write_reports(const std::string& dir, const RunResult& run, const std::string& lang) {
  write_reports(dir, run, lang, ReportFormats{}, report::ConclusionOptions{});
}

void write_reports(const std::string& dir, const RunResult& run, const std::string& lang,
                   const ReportFormats& formats, const report::ConclusionOptions& options) {
  const Lang l = *parse_lang(lang);
  if (run.capacity) {  // the charts report.md links to, beside it
    for (const auto& fig : report::capacity_figures(*run.capacity, report::messages(l))) {
      write_file_atomic(fs::path(dir) / fig.file, fig.svgs.front());
    }
  }
  // report.html has always needed requests.jsonl; report.md uses it when it is there.
  const fs::path journal_path = fs::path(dir) / "requests.jsonl";
  const bool have_journal = formats.html || (formats.md && fs::exists(journal_path));
  const JournalContents journal = have_journal ? read_journal(journal_path) : JournalContents{};
  if (formats.md) {
    std::ostringstream md;
    write_markdown_report(run, l, md, options, have_journal ? &journal.records : nullptr);
    write_file_atomic(fs::path(dir) / "report.md", md.str());
  }
  if (formats.html) {
    std::ostringstream html;
    const auto telemetry = read_telemetry_jsonl(fs::path(dir) / "telemetry.jsonl");
    write_html_report(run, &journal.records, l, html, &telemetry, options);
    write_file_atomic(fs::path(dir) / "report.html", html.str());
  }
  if (formats.csv) {
    std::ostringstream csv;
    write_summary_csv(run, csv);
    write_file_atomic(fs::path(dir) / "summary.csv", csv.str());
  }
}

}  // namespace sonde
