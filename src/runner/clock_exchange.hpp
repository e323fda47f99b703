#pragma once
// How far a shard's wall clock stands from its parent's (`sonde run --clients N`), measured the
// way NTP does: the shard sends its time t1, the parent answers with its time t2, the shard
// reads t3 on arrival; offset = (t1 + t3) / 2 - t2, within ± (t3 - t1) / 2. Several rounds, the
// one with the shortest round trip kept. Plain TCP, so it works across a cluster's nodes.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>

namespace sonde {

// Wall-clock time now, ns since 1970 (system_clock: the clock the shards must agree on).
int64_t wall_now_ns();

struct ClockSample {
  double offset_ms = 0;       // shard clock minus parent clock
  double uncertainty_ms = 0;  // half the round trip of the kept round
};

// The parent's side: answers every 8-byte query with its wall time, on a thread, until
// destroyed. Listens on every interface (shards on other nodes reach it by host name).
class ClockServer {
 public:
  // Throws sonde::Error when no socket can be opened.
  ClockServer();
  ~ClockServer();
  ClockServer(const ClockServer&) = delete;
  ClockServer& operator=(const ClockServer&) = delete;
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  void serve();
};

// The shard's side: `rounds` exchanges with the ClockServer at HOST:PORT. nullopt when it
// cannot be reached (the offset is then recorded as unknown, never as 0).
std::optional<ClockSample> measure_clock_offset(const std::string& host_port, int rounds = 8);

}  // namespace sonde
