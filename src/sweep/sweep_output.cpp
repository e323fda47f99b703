#include "sweep/sweep_output.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analysis/capacity_ranking.hpp"
#include "report/sweep_csv.hpp"
#include "report/lang.hpp"
#include "report/sweep_capacity_section.hpp"
#include "report/sweep_html.hpp"
#include "report/sweep_markdown.hpp"
#include "results/atomic_file.hpp"
#include "results/safe_file.hpp"
#include "util/error.hpp"

namespace fs = std::filesystem;

namespace sonde {

void prepare_sweep_dir(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(fs::path(dir) / "sweep.json", ec)) {
    throw UsageError(fmt::format("--out: {} already holds a sweep; choose a new directory", dir));
  }
  make_result_dirs(dir);  // 0755, the umask may only restrict; a file in the way: exit 2
}

void write_sweep_outputs(const std::string& dir, SweepResult& sweep, const std::string& lang,
                         const report::ConclusionOptions& options) {
  sweep.capacity = analysis::decide_by_capacity(sweep, options.slos);
  write_file_atomic(fs::path(dir) / "sweep.json", sweep_json(sweep).dump(2) + "\n");
  write_sweep_reports(dir, sweep, *parse_lang(lang), options, ReportFormats{});
}

void write_sweep_reports(const std::string& dir, const SweepResult& sweep, Lang lang,
                         const report::ConclusionOptions& options, const ReportFormats& formats) {
  if (formats.csv) write_file_atomic(fs::path(dir) / "summary.csv", sweep_csv(sweep));
  if (formats.md) {
    // The chart report.md links to, beside it.
    if (const auto fig = report::pareto_figure(sweep, sweep_messages(lang)))
      write_file_atomic(fs::path(dir) / fig->file, fig->svgs.front());
    std::ostringstream md;
    write_sweep_markdown(sweep, lang, md, options);
    write_file_atomic(fs::path(dir) / "report.md", md.str());
  }
  if (formats.html) {
    std::ostringstream html;
    write_sweep_html(sweep, lang, html, options);
    write_file_atomic(fs::path(dir) / "report.html", html.str());
  }
}

}  // namespace sonde
