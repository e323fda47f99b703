#pragma once
// A suite or sweep file's `capacity:` block: the search of `sonde capacity` (input_len,
// output_len, goodput, attainment, load, start_rate, max_rate, probe_s), read once for both
// files; runner/capacity_run.hpp turns it into a search.
#include <cstdint>
#include <string>
#include <vector>

#include "config/run_options.hpp"

namespace YAML {
class Node;
}

namespace sonde {

struct CapacityBlock {
  int64_t input_len = 0;       // prompt tokens of every probe (required)
  int64_t output_len = 0;      // output tokens of every probe (required)
  GoodputSlos goodput;         // `goodput:` (none given: the file's or the run's goodput)
  double attainment_pct = 90;  // % of requests that must meet the SLOs, in (0, 100]
  bool concurrency = false;    // `load: concurrency` (closed loop) instead of rate
  double start_load = 1;       // first load probed (req/s, or concurrency)
  double max_load = 1024;      // never probe above this
  double probe_s = 60;         // seconds of arrivals per rate probe
};

// One key of the block as written: its name, its scalar text and where it is ("FILE:LINE").
struct CapacityKey {
  std::string key;
  std::string value;
  std::string where;
};

// Reads the block's keys; throws UsageError "WHERE: capacity.KEY: problem" on an unknown key or a
// bad value, and "`block_where`: capacity: ..." when input_len/output_len are missing or the
// loads disagree.
CapacityBlock parse_capacity_block(const std::vector<CapacityKey>& keys,
                                   const std::string& block_where);

// The block as a YAML node of `path` (a mapping of scalars), read as above.
CapacityBlock read_capacity_block(const std::string& path, const YAML::Node& node);

}  // namespace sonde
