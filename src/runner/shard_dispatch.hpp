#pragma once
// One shard's part of a prepared scenario (`sonde run --clients N`): the whole plan is prepared
// identically in every shard (same seed, same prompt id, so the same prompts and arrival times)
// and each keeps its own requests (workload/shard_split.hpp). Requests keep their global index,
// so x-request-ids, prompts and journal lines stay unique across shards.
#include "client/client.hpp"
#include "config/scenario.hpp"
#include "workload/shard_split.hpp"

namespace sonde {

// What a shard runs of one scenario.
struct ShardShare {
  int requests = 0;     // requests kept
  int concurrency = 0;  // users (closed, burst) or in-flight cap (rate with max_concurrency)
};

// Keeps `shard`'s requests of `full` (prepared from `spec`): open-loop requests (those with an
// intended send time) thinned by index, closed and burst ones by user; max_in_flight becomes
// the shard's share of it (at least 1 where the shard has requests). A conversation's plan
// (one that grows while it runs) is not divided here.
DispatchPlan shard_dispatch(DispatchPlan full, const ScenarioSpec& spec, ShardIndex shard,
                            ShardShare* share = nullptr);

}  // namespace sonde
