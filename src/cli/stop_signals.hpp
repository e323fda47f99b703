#pragma once
// SIGINT/SIGTERM for `sonde run`, taken on a thread of its own (sigwait) rather than in a
// handler, so that nothing async-signal-unsafe runs in signal context. The first signal sets
// `stop` (the runner stops sending and gives in-flight requests --grace-s); the second ends the
// process at once with exit 130. The journal stays valid either way: each line is one write(2).
#include <signal.h>

#include <atomic>
#include <thread>

namespace sonde {

class StopSignals {
 public:
  // Blocks SIGINT and SIGTERM in the calling thread; construct it before any other thread
  // starts so that every thread inherits the mask. `signal` receives the first signal's number.
  StopSignals(std::atomic<bool>& stop, std::atomic<int>& signal);
  ~StopSignals();  // restores the mask
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  sigset_t set_;
  sigset_t old_;
  std::thread thread_;
};

}  // namespace sonde
