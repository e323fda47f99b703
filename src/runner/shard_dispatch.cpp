#include "runner/shard_dispatch.hpp"

#include <algorithm>

namespace sonde {

DispatchPlan shard_dispatch(DispatchPlan full, const ScenarioSpec& spec, ShardIndex shard,
                            ShardShare* share) {
  if (shard.count <= 1) {
    if (share != nullptr) *share = {static_cast<int>(full.requests.size()), full.max_in_flight};
    return full;
  }
  const bool open_loop =
      !full.requests.empty() && full.requests.front().intended_offset_s.has_value();
  const int users = std::max(1, spec.concurrency);
  DispatchPlan out;
  out.follow_up = std::move(full.follow_up);
  for (auto& r : full.requests) {
    if (request_in_shard(r.index, open_loop, users, shard)) out.requests.push_back(std::move(r));
  }
  if (full.max_in_flight > 0) {
    out.max_in_flight = shard_share(full.max_in_flight, shard);
    if (out.max_in_flight == 0 && !out.requests.empty()) out.max_in_flight = 1;
  }
  if (share != nullptr) {
    *share = {static_cast<int>(out.requests.size()),
              open_loop ? out.max_in_flight : shard_share(users, shard)};
  }
  return out;
}

}  // namespace sonde
