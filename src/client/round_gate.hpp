#pragma once
// The DispatchPlan's burst rounds, shared by every event-loop thread: a request of round r may go
// only when every request of earlier rounds, on any thread, has finished. Internal to the client.
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "client/client.hpp"

namespace sonde {

class RoundGate {
 public:
  // Throws sonde::Error when rounds decrease along the plan (the plan is in send order).
  explicit RoundGate(const DispatchPlan& plan);

  // Position of request `i`'s round among the plan's distinct rounds (0, 1, ...).
  int ordinal(std::size_t i) const { return ordinal_[i]; }
  // True when every round before `ordinal` has finished.
  bool open_for(int ordinal) const { return ordinal <= lowest_.load(std::memory_order_acquire); }
  // A request of round `ordinal` finished. When that opens the next round, calls `wake` for
  // every registered listener so that threads asleep in their poll re-check the gate.
  void finished(int ordinal);
  // Registers a thread-safe wake-up, called from whichever thread opens a round.
  void on_open(std::function<void()> wake);

 private:
  std::vector<int> ordinal_;                        // per request of the plan
  std::unique_ptr<std::atomic<int>[]> unfinished_;  // per round: requests not finished
  std::size_t rounds_ = 0;                          // distinct rounds
  std::atomic<int> lowest_{0};                      // first round with unfinished requests
  std::mutex mu_;                                   // guards advancing lowest_ and wakes_
  std::vector<std::function<void()>> wakes_;        // listeners
};

}  // namespace sonde
