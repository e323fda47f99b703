#include "client/round_gate.hpp"

#include <string>

#include "util/error.hpp"

namespace sonde {

RoundGate::RoundGate(const DispatchPlan& plan) {
  ordinal_.reserve(plan.requests.size());
  std::vector<int> counts;
  for (std::size_t i = 0; i < plan.requests.size(); ++i) {
    const PreparedRequest& r = plan.requests[i];
    if (i > 0 && r.round < plan.requests[i - 1].round) {
      throw Error(ExitCode::failure, "DispatchPlan rounds must not decrease (request " +
                                         std::to_string(r.index) + " of " + r.scenario + ")");
    }
    if (i == 0 || r.round != plan.requests[i - 1].round) counts.push_back(0);
    ++counts.back();
    ordinal_.push_back(static_cast<int>(counts.size()) - 1);
  }
  rounds_ = counts.size();
  unfinished_ = std::make_unique<std::atomic<int>[]>(rounds_);
  for (std::size_t i = 0; i < rounds_; ++i) unfinished_[i].store(counts[i]);
}

void RoundGate::finished(int ordinal) {
  if (unfinished_[static_cast<std::size_t>(ordinal)].fetch_sub(1, std::memory_order_acq_rel) != 1) {
    return;
  }
  std::lock_guard lock(mu_);
  int lowest = lowest_.load(std::memory_order_relaxed);
  const int before = lowest;
  while (static_cast<std::size_t>(lowest) < rounds_ &&
         unfinished_[static_cast<std::size_t>(lowest)].load(std::memory_order_acquire) == 0) {
    ++lowest;
  }
  lowest_.store(lowest, std::memory_order_release);
  if (lowest != before) {
    for (const auto& wake : wakes_) wake();
  }
}

void RoundGate::on_open(std::function<void()> wake) {
  std::lock_guard lock(mu_);
  wakes_.push_back(std::move(wake));
}

}  // namespace sonde
