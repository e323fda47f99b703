#include "runner/rebuild.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <string_view>

#include "analysis/goodput.hpp"
#include "analysis/steady_state.hpp"
#include "analysis/validity.hpp"
#include "results/journal.hpp"
#include "results/json.hpp"
#include "runner/outputs.hpp"
#include "stats/scenario_summary.hpp"
#include "telemetry/gpu_energy.hpp"
#include "stats/turn_summary.hpp"
#include "util/error.hpp"

namespace fs = std::filesystem;

namespace sonde {
namespace {

// A scenario that reached the journal but not run.json (the run died mid-scenario): its spec
// is recovered from what the records say.
ScenarioResult scenario_from_records(const std::string& name, const std::vector<RequestRecord>& rs) {
  ScenarioResult s;
  s.spec.name = name;
  s.spec.input_len = rs.front().input_tokens_target;
  s.spec.output_len = rs.front().output_tokens_target;
  s.spec.requests = static_cast<int>(rs.size());
  s.calibration.method = "unknown";
  s.calibration.target_tokens = s.spec.input_len;
  return s;
}

}  // namespace

RunResult rebuild_reports(const std::string& dir, const std::string& lang,
                          const ReportFormats& formats, const report::ConclusionOptions& options) {
  if (!fs::is_directory(dir)) {
    throw UsageError(fmt::format("{}: not a directory; pass a result directory of `sonde run`", dir));
  }
  RunResult run = read_run_json(fs::path(dir) / "run.json");
  const JournalContents journal = read_journal(fs::path(dir) / "requests.jsonl");
  // Said in the report too, once: a rebuild of a rebuild replaces the earlier count.
  constexpr std::string_view kTorn = "requests.jsonl: skipped ";
  std::erase_if(run.warnings, [&](const std::string& w) { return w.starts_with(kTorn); });
  if (journal.torn_lines_skipped > 0) {
    fmt::print(stderr, "sonde: {}/requests.jsonl: skipped {} torn line(s)\n", dir,
               journal.torn_lines_skipped);
    run.warnings.push_back(
        fmt::format("{}{} torn line(s) (the run was killed mid-write); "
                    "those requests are not counted",
                    kTorn, journal.torn_lines_skipped));
  }
  std::map<std::string, std::vector<RequestRecord>> by_scenario;
  std::vector<std::string> order;
  for (const auto& r : journal.records) {
    auto& list = by_scenario[r.scenario];
    if (list.empty()) order.push_back(r.scenario);
    list.push_back(r);
  }
  for (const auto& name : order) {
    bool known = false;
    for (const auto& s : run.scenarios) known = known || s.spec.name == name;
    if (!known) {
      run.scenarios.push_back(scenario_from_records(name, by_scenario[name]));
      run.complete = false;
      if (run.incomplete_reason.empty()) run.incomplete_reason = "scenario cut short";
    }
  }
  if (!run.complete && run.incomplete_reason.empty()) {
    run.incomplete_reason =
        "the run ended without finishing (killed?); rebuilt from requests.jsonl";
  }
  for (auto& s : run.scenarios) {
    const auto& records = by_scenario[s.spec.name];
    s.summary = summarize_scenario(records);
    if (s.energy) set_output_tokens(*s.energy, s.summary.total_output_tokens);
    s.turns = summarize_turns(records);
    s.goodput = analysis::compute_goodput(records, run.options.goodput, s.summary.duration_s);
    s.steady_state = analysis::steady_state(records, s.spec, run.options.goodput);
    s.retries = 0;
    for (const auto& r : records) s.retries += r.attempts - 1;
    write_vllm_json(dir, run, s, records);
  }
  analysis::judge_run(run);  // under the options the run was measured with
  write_run_json(dir, run);
  write_reports(dir, run, lang, formats, options);
  return run;
}

}  // namespace sonde
