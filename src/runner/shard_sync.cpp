#include "runner/shard_sync.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "results/atomic_file.hpp"
#include "runner/clock_exchange.hpp"
#include "util/error.hpp"

namespace fs = std::filesystem;

namespace sonde {
namespace {

constexpr std::chrono::milliseconds kPoll{5};

fs::path ready_file(const ShardWiring& shard, std::size_t scenario, int index) {
  return fs::path(shard.sync_dir) / fmt::format("scenario-{}.shard-{}", scenario, index);
}

// The wall time a shard wrote, or nullopt while its file is not there (written atomically,
// so a file that exists is whole).
std::optional<int64_t> read_ready(const fs::path& path) {
  std::ifstream in(path);
  int64_t ns = 0;
  if (!(in >> ns)) return std::nullopt;
  return ns;
}

}  // namespace

Clock::time_point steady_at_wall(int64_t unix_ns) {
  const auto steady_now = Clock::now();
  return steady_now + std::chrono::duration_cast<Clock::duration>(
                          std::chrono::nanoseconds(unix_ns - wall_now_ns()));
}

bool sleep_until_or_stop(Clock::time_point when, const std::atomic<bool>& stop) {
  while (!stop.load()) {
    const auto now = Clock::now();
    if (now >= when) return true;
    std::this_thread::sleep_for(std::min<Clock::duration>(when - now, std::chrono::milliseconds(20)));
  }
  return false;
}

Clock::time_point scenario_barrier(const ShardWiring& shard, std::size_t scenario,
                                   const std::atomic<bool>& stop) {
  fs::create_directories(shard.sync_dir);
  write_file_atomic(ready_file(shard, scenario, shard.index), fmt::format("{}\n", wall_now_ns()));
  const auto deadline = Clock::now() + kShardBarrierTimeout;
  while (!stop.load()) {
    int64_t latest = 0;
    std::string missing;
    for (int k = 0; k < shard.count; ++k) {
      const auto ns = read_ready(ready_file(shard, scenario, k));
      if (ns)
        latest = std::max(latest, *ns);
      else
        missing += (missing.empty() ? "" : ", ") + std::to_string(k);
    }
    if (missing.empty()) {
      return steady_at_wall(latest + std::chrono::nanoseconds(kShardStartMargin).count());
    }
    if (Clock::now() > deadline) {
      throw Error(ExitCode::failure,
                  fmt::format("shard {}: shard(s) {} did not reach scenario {} within {} s (see "
                              "their logs); giving up",
                              shard.index, missing, scenario, kShardBarrierTimeout.count()));
    }
    std::this_thread::sleep_for(kPoll);
  }
  return Clock::now();
}

}  // namespace sonde
