#include "runner/rebuild.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "results/journal.hpp"
#include "results/json.hpp"
#include "runner/outputs.hpp"
#include "stats/scenario_summary.hpp"
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

RunResult rebuild_reports(const std::string& dir, const std::string& lang) {
  if (!fs::is_directory(dir)) {
    throw UsageError(fmt::format("{}: not a directory; pass a result directory of `sonde run`", dir));
  }
  RunResult run = read_run_json(fs::path(dir) / "run.json");
  const JournalContents journal = read_journal(fs::path(dir) / "requests.jsonl");
  if (journal.torn_lines_skipped > 0) {
    fmt::print(stderr, "sonde: {}/requests.jsonl: skipped {} torn line(s)\n", dir,
               journal.torn_lines_skipped);
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
  for (auto& s : run.scenarios) {
    const auto& records = by_scenario[s.spec.name];
    s.summary = summarize_scenario(records);
    write_vllm_json(dir, run, s, records);
  }
  write_run_json(dir, run);
  write_reports(dir, run, lang);
  return run;
}

}  // namespace sonde
