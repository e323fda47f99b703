#pragma once
// `sonde merge DIR`: the shards of a `sonde run --clients N` (DIR/shards/<k>/) made into one run
// in DIR, exactly as one process would have written it: every request kept (DIR/requests.jsonl
// is the union, each line with its `shard`), every summary recomputed from the union (exact
// percentiles; throughput over the union's window on the shards' common clock), and run.json
// gaining `clients` and each shard's facts (its clock offset, its client health).
#include <string>

#include "results/run_result.hpp"

namespace sonde {

// Above this spread of the shards' measured clock offsets, the merged run says that their
// instants may not line up (docs/metrics.md "Several client processes").
inline constexpr double kShardClockToleranceMs = 5;

// Merges DIR/shards/0..N-1 into DIR (run.json, requests.jsonl, telemetry.jsonl from shard 0,
// vllm/*.json and every report). Throws UsageError naming the shard when one is missing, is not
// a shard of this run, or is unreadable: nothing is merged then. A shard that did not finish is
// merged and makes the run incomplete, naming it. `lang` "" = the language the run asked for.
RunResult merge_shards(const std::string& dir, const std::string& lang = "");

}  // namespace sonde
