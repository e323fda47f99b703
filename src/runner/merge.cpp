#include "runner/merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <vector>

#include "results/journal.hpp"
#include "results/json.hpp"
#include "results/safe_file.hpp"
#include "runner/outputs.hpp"
#include "runner/rebuild.hpp"
#include "util/error.hpp"

namespace fs = std::filesystem;

namespace sonde {
namespace {

struct Shard {
  RunResult run;                       // its run.json
  std::vector<RequestRecord> records;  // its journal, each marked with its shard
};

Shard read_shard(const fs::path& dir, int k, int count) {
  const fs::path run_json = dir / "run.json";
  if (!fs::exists(run_json)) {
    throw UsageError(fmt::format(
        "shard {}{}: {} is missing (the shard did not run, failed before writing, or its "
        "output was not collected here); nothing merged",
        k, count > 0 ? fmt::format(" of {}", count) : "", run_json.string()));
  }
  Shard s;
  s.run = read_run_json(run_json);
  if (!s.run.shard || s.run.shard->index != k || (count > 0 && s.run.shard->count != count)) {
    throw UsageError(fmt::format(
        "{}: not shard {} of {} of this run (its run.json says {}); nothing merged",
        run_json.string(), k, count,
        s.run.shard ? fmt::format("shard {} of {}", s.run.shard->index, s.run.shard->count)
                    : std::string("it is no shard")));
  }
  const fs::path journal = dir / "requests.jsonl";
  if (!fs::exists(journal)) {
    throw UsageError(fmt::format("shard {}: {} is missing; nothing merged", k, journal.string()));
  }
  JournalContents contents = read_journal(journal);
  if (contents.torn_lines_skipped > 0) {
    s.run.warnings.push_back(
        fmt::format("requests.jsonl: {} torn line(s) skipped", contents.torn_lines_skipped));
  }
  s.records = std::move(contents.records);
  for (auto& r : s.records) r.shard = k;
  return s;
}

// The shards' own load figures as one: what the N processes used together, the worst wait.
ClientHealth combined_health(const std::vector<const ClientHealth*>& parts) {
  ClientHealth out;
  double busy_s = 0, capacity_s = 0;
  for (const ClientHealth* h : parts) {
    out.max_receive_backlog_ms = std::max(out.max_receive_backlog_ms, h->max_receive_backlog_ms);
    out.cpu_user_s += h->cpu_user_s;
    out.cpu_system_s += h->cpu_system_s;
    out.wall_s = std::max(out.wall_s, h->wall_s);
    out.threads += h->threads;
    busy_s += h->cpu_user_s + h->cpu_system_s;
    capacity_s += h->wall_s * std::max(1, h->threads);
    if (out.transport.empty()) out.transport = h->transport;
  }
  out.cpu_util_pct = capacity_s > 0 ? busy_s / capacity_s * 100 : 0;
  return out;
}

// Warnings every shard gave once; the others once each, naming their shard.
std::vector<std::string> merged_warnings(const std::vector<Shard>& shards) {
  std::map<std::string, std::vector<int>> by_text;
  std::vector<std::string> order;
  for (const auto& s : shards) {
    for (const auto& w : s.run.warnings) {
      auto& who = by_text[w];
      if (who.empty()) order.push_back(w);
      if (who.empty() || who.back() != s.run.shard->index) who.push_back(s.run.shard->index);
    }
  }
  std::vector<std::string> out;
  for (const auto& w : order) {
    const auto& who = by_text[w];
    out.push_back(
        who.size() == shards.size() ? w : fmt::format("shard {}: {}", fmt::join(who, ", "), w));
  }
  return out;
}

// The clocks agree when their measured offsets lie within the tolerance of each other.
void check_clocks(const std::vector<ShardFacts>& facts, std::vector<std::string>& warnings) {
  std::vector<int> unmeasured;
  double lo = 0, hi = 0;
  bool any = false;
  for (const auto& f : facts) {
    if (!f.clock_offset_ms) {
      unmeasured.push_back(f.index);
      continue;
    }
    lo = any ? std::min(lo, *f.clock_offset_ms) : *f.clock_offset_ms;
    hi = any ? std::max(hi, *f.clock_offset_ms) : *f.clock_offset_ms;
    any = true;
  }
  if (!unmeasured.empty()) {
    warnings.push_back(fmt::format(
        "shard {}: clock offset not measured (the parent's clock could not be reached); their "
        "instants are assumed to agree with the others'",
        fmt::join(unmeasured, ", ")));
  }
  if (any && hi - lo > kShardClockToleranceMs) {
    warnings.push_back(fmt::format(
        "the shards' clocks differ by up to {:.1f} ms (offsets {:.1f} to {:.1f} ms against the "
        "parent), more than {} ms: their start and end instants, and so throughput windows and "
        "arrival times, may be off by that much; synchronise the nodes' clocks (chrony, NTP)",
        hi - lo, lo, hi, kShardClockToleranceMs));
  }
}

// Scenarios some shard sat out (fewer users than shards): said once per scenario.
void note_idle_shards(const std::vector<ShardFacts>& facts, std::vector<std::string>& warnings) {
  std::vector<std::string> names;
  std::map<std::string, std::vector<int>> idle;
  for (const auto& f : facts) {
    for (const auto& s : f.scenarios) {
      if (std::find(names.begin(), names.end(), s.scenario) == names.end())
        names.push_back(s.scenario);
      if (s.requests == 0) idle[s.scenario].push_back(f.index);
    }
  }
  for (const auto& name : names) {
    if (idle[name].empty()) continue;
    warnings.push_back(fmt::format(
        "scenario {}: shard {} had no requests (fewer users or requests than the {} client "
        "processes) and stayed idle",
        name, fmt::join(idle[name], ", "), facts.size()));
  }
}

}  // namespace

RunResult merge_shards(const std::string& dir, const std::string& lang) {
  const fs::path shards_dir = fs::path(dir) / "shards";
  if (!fs::is_directory(shards_dir)) {
    throw UsageError(fmt::format(
        "{}: no shards/ directory; `sonde merge` takes the --out directory of `sonde run "
        "--clients N`",
        dir));
  }
  std::vector<Shard> shards;
  shards.push_back(read_shard(shards_dir / "0", 0, 0));
  const int count = shards.front().run.shard->count;
  for (int k = 1; k < count; ++k)
    shards.push_back(read_shard(shards_dir / std::to_string(k), k, count));
  for (const auto& entry : fs::directory_iterator(shards_dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && !name.empty() && std::all_of(name.begin(), name.end(), ::isdigit) &&
        std::stoi(name) >= count) {
      throw UsageError(fmt::format("{}: a shard beyond the {} of this run; nothing merged",
                                   entry.path().string(), count));
    }
  }
  for (const auto& s : shards) {
    if (s.run.run_id != shards.front().run.run_id) {
      throw UsageError(fmt::format(
          "shard {}: run id {} is not shard 0's {}: the shards come from different runs; nothing "
          "merged",
          s.run.shard->index, s.run.run_id, shards.front().run.run_id));
    }
  }

  RunResult run = shards.front().run;
  run.shard.reset();
  run.clients = count;
  run.shards.clear();
  run.complete = true;
  run.incomplete_reason.clear();
  std::vector<std::string> unfinished;
  for (const auto& s : shards) {
    run.shards.push_back(*s.run.shard);
    run.started_at = std::min(run.started_at, s.run.started_at);
    run.finished_at = std::max(run.finished_at, s.run.finished_at);
    if (!s.run.complete) {
      run.complete = false;
      unfinished.push_back(fmt::format(
          "shard {}: {}", s.run.shard->index,
          s.run.incomplete_reason.empty() ? "did not finish" : s.run.incomplete_reason));
    }
  }
  if (!unfinished.empty()) run.incomplete_reason = fmt::format("{}", fmt::join(unfinished, "; "));
  run.warnings = merged_warnings(shards);
  check_clocks(run.shards, run.warnings);
  note_idle_shards(run.shards, run.warnings);

  // Each scenario as shard 0 planned it (every shard holds the whole spec), with the shards'
  // own figures combined; summaries are recomputed from the union below.
  for (auto& scenario : run.scenarios) {
    std::vector<const ClientHealth*> health;
    for (const auto& s : shards) {
      for (const auto& other : s.run.scenarios) {
        if (other.spec.name != scenario.spec.name) continue;
        if (other.client_health) health.push_back(&*other.client_health);
        if (scenario.aborted_reason.empty() && !other.aborted_reason.empty()) {
          scenario.aborted_reason =
              fmt::format("shard {}: {}", s.run.shard->index, other.aborted_reason);
        }
        scenario.saturated = scenario.saturated || other.saturated;
      }
    }
    if (!health.empty()) scenario.client_health = combined_health(health);
  }

  // The union, in scenario order and then as the requests finished (a one-process journal's
  // order), written fresh.
  std::map<std::string, std::size_t> rank;
  for (std::size_t i = 0; i < run.scenarios.size(); ++i) rank[run.scenarios[i].spec.name] = i;
  std::vector<RequestRecord> all;
  for (auto& s : shards) {
    for (auto& r : s.records) all.push_back(std::move(r));
  }
  const auto order = [&](const RequestRecord& r) {
    const auto it = rank.find(r.scenario);
    return it == rank.end() ? rank.size() : it->second;
  };
  std::stable_sort(all.begin(), all.end(), [&](const RequestRecord& a, const RequestRecord& b) {
    if (order(a) != order(b)) return order(a) < order(b);
    return a.end_ms < b.end_ms;
  });
  make_result_dirs(dir);
  make_result_dirs(fs::path(dir) / "vllm", /*allow_link=*/false);
  const fs::path journal = fs::path(dir) / "requests.jsonl";
  fs::remove(journal);  // a merge again (e.g. after collecting a late shard) starts afresh
  {
    JournalWriter writer(journal);
    for (const auto& r : all) writer.append(r);
  }
  const fs::path telemetry = shards_dir / "0" / "telemetry.jsonl";
  if (fs::exists(telemetry)) {
    fs::copy_file(telemetry, fs::path(dir) / "telemetry.jsonl", fs::copy_options::overwrite_existing);
  }
  write_run_json(dir, run);
  return rebuild_reports(dir, lang.empty() ? to_string(run.options.lang) : lang);
}

}  // namespace sonde
