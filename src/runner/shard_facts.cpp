#include "runner/shard_facts.hpp"

#include <unistd.h>

#include <array>

#include "runner/clock_exchange.hpp"

namespace sonde {

ShardFacts shard_facts(const ShardWiring& shard) {
  ShardFacts f;
  f.index = shard.index;
  f.count = shard.count;
  f.start_at_unix_ns = shard.start_at_unix_ns;
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) == 0) f.host = host.data();
  if (!shard.clock_server.empty()) {
    if (const auto sample = measure_clock_offset(shard.clock_server)) {
      f.clock_offset_ms = sample->offset_ms;
      f.clock_uncertainty_ms = sample->uncertainty_ms;
    }
  }
  return f;
}

}  // namespace sonde
