#pragma once
// One client process's part of a `sonde run --clients N` (run.json's `shard` in a shard's own
// file, `shards` in the merged one): which shard, the common start instant, how its clock stood
// against the parent's, and what it ran of each scenario.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "results/client_health.hpp"

namespace sonde {

struct ShardScenario {
  std::string scenario;  // scenario name
  int requests = 0;      // requests this shard was given (its share of the scenario's)
  int concurrency = 0;   // its users (closed, burst) or in-flight cap (rate; 0 = none)
  std::optional<ClientHealth> client_health;  // this shard's own load while it ran

  bool operator==(const ShardScenario&) const = default;
};

struct ShardFacts {
  int index = 0;                 // 0-based shard index
  int count = 1;                 // shards in the run (--clients)
  std::string host;              // host name the shard ran on
  int64_t start_at_unix_ns = 0;  // the common start instant the parent chose (wall clock, ns)
  double late_start_ms = 0;      // how late the shard reached that instant (0: waited for it)
  // This shard's wall clock minus the parent's, measured at start by a round trip to the
  // parent (NTP's formula); unset when no measurement could be made.
  std::optional<double> clock_offset_ms;
  std::optional<double> clock_uncertainty_ms;  // half the round trip of that measurement
  bool complete = false;                       // the shard ran every scenario to the end
  std::string incomplete_reason;               // why not ("" when complete)
  std::vector<ShardScenario> scenarios;        // what it ran, in plan order

  bool operator==(const ShardFacts&) const = default;
};

void to_json(nlohmann::json& j, const ShardScenario& s);
void from_json(const nlohmann::json& j, ShardScenario& s);
void to_json(nlohmann::json& j, const ShardFacts& f);
// Throws nlohmann::json::exception when index or count is missing.
void from_json(const nlohmann::json& j, ShardFacts& f);

}  // namespace sonde
