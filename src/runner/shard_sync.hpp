#pragma once
// Keeping the shards of `sonde run --clients N` in step. They start at a common wall-clock
// instant the parent chose, and every scenario starts at a common instant too: each shard, once
// its scenario is prepared, writes its wall time into the shared sync directory, waits until all
// N have, and starts at the latest of those times plus a margin; every shard reads the same
// files, so every shard computes the same instant. A file barrier needs nothing but a
// directory that every shard sees (the output directory of a cluster run already is one).
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "config/plan.hpp"
#include "util/clock.hpp"

namespace sonde {

// How long after the last shard is ready a scenario starts: time for every shard to see the
// last file (they poll every few ms) and to be waiting when the instant comes.
inline constexpr std::chrono::milliseconds kShardStartMargin{250};
// How long a shard waits for the others before giving up (a sibling died; its own error says
// why): long enough for a slow calibration of a big scenario.
inline constexpr std::chrono::seconds kShardBarrierTimeout{900};

// The steady-clock instant at which the wall clock reads `unix_ns`.
Clock::time_point steady_at_wall(int64_t unix_ns);

// Sleeps until `when`, or until `stop` turns true. True when `when` was reached.
bool sleep_until_or_stop(Clock::time_point when, const std::atomic<bool>& stop);

// Scenario `scenario`'s common start instant on this shard's steady clock (see above). Returns
// early (Clock::now()) when `stop` turns true; throws sonde::Error when the other shards are not
// all ready within kShardBarrierTimeout, naming the missing ones.
Clock::time_point scenario_barrier(const ShardWiring& shard, std::size_t scenario,
                                   const std::atomic<bool>& stop);

}  // namespace sonde
