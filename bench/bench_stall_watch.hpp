#pragma once
// The longest time this machine ran nothing at the client's priority, per bench run. This VM's
// host can deschedule a virtual CPU for tens of ms and reports no steal time, so without this a
// p99 set by the host reads like the client's own lag.
#include <atomic>
#include <thread>
#include <vector>

namespace sonde::bench {

// One thread per CPU this process may use, pinned, at SCHED_FIFO 2 (above the bench's 1, so the
// client being busy never delays it) when allowed; each sleeps 1 ms in a loop and keeps the
// largest lateness of a wake-up. Costs a few µs per CPU per ms.
class StallWatch {
 public:
  StallWatch();
  ~StallWatch();
  StallWatch(const StallWatch&) = delete;
  StallWatch& operator=(const StallWatch&) = delete;
  // Stops the threads; the longest stall any CPU showed, in ms (lateness beyond the 1 ms sleep).
  double stop();

 private:
  std::atomic<bool> done_{false};
  std::vector<std::thread> threads_;
  std::vector<double> longest_ms_;  // one slot per thread, read after join
};

}  // namespace sonde::bench
