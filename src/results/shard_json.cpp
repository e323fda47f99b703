// JSON of run.json's `shard` / `shards` (results/shard_facts.hpp).
#include <nlohmann/json.hpp>

#include "results/json_util.hpp"
#include "results/shard_facts.hpp"

namespace sonde {

using json_detail::number;
using json_detail::optional_number;
using json_detail::read_optional_number;
using json_detail::value_or;

void to_json(nlohmann::json& j, const ShardScenario& s) {
  j = {{"scenario", s.scenario},
       {"requests", s.requests},
       {"concurrency", s.concurrency},
       {"client_health", json_detail::optional_record(s.client_health)}};
}

void from_json(const nlohmann::json& j, ShardScenario& s) {
  s = ShardScenario{};
  s.scenario = j.at("scenario").get<std::string>();
  s.requests = value_or(j, "requests", 0);
  s.concurrency = value_or(j, "concurrency", 0);
  s.client_health = json_detail::read_optional_record<ClientHealth>(j, "client_health");
}

void to_json(nlohmann::json& j, const ShardFacts& f) {
  j = {{"index", f.index},
       {"count", f.count},
       {"host", f.host},
       {"start_at_unix_ns", f.start_at_unix_ns},
       {"late_start_ms", number(f.late_start_ms)},
       {"clock_offset_ms", optional_number(f.clock_offset_ms)},
       {"clock_uncertainty_ms", optional_number(f.clock_uncertainty_ms)},
       {"complete", f.complete},
       {"incomplete_reason", f.incomplete_reason},
       {"scenarios", f.scenarios}};
}

void from_json(const nlohmann::json& j, ShardFacts& f) {
  f = ShardFacts{};
  f.index = j.at("index").get<int>();
  f.count = j.at("count").get<int>();
  f.host = value_or(j, "host", std::string());
  f.start_at_unix_ns = value_or<int64_t>(j, "start_at_unix_ns", 0);
  f.late_start_ms = value_or(j, "late_start_ms", 0.0);
  f.clock_offset_ms = read_optional_number(j, "clock_offset_ms");
  f.clock_uncertainty_ms = read_optional_number(j, "clock_uncertainty_ms");
  f.complete = value_or(j, "complete", false);
  f.incomplete_reason = value_or(j, "incomplete_reason", std::string());
  f.scenarios = value_or(j, "scenarios", std::vector<ShardScenario>());
}

}  // namespace sonde
