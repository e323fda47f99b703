#pragma once
// A shard's first facts about itself (`sonde run --clients N`): which shard, on which host, and
// its clock against the parent's, measured before any load is sent.
#include "config/plan.hpp"
#include "results/shard_facts.hpp"

namespace sonde {

ShardFacts shard_facts(const ShardWiring& shard);

}  // namespace sonde
