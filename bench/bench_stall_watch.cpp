#include "bench_stall_watch.hpp"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <chrono>

namespace sonde::bench {

StallWatch::StallWatch() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
  std::vector<int> cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (CPU_ISSET(c, &allowed)) cpus.push_back(c);
  }
  longest_ms_.assign(cpus.size(), 0.0);
  for (std::size_t i = 0; i < cpus.size(); ++i) {
    threads_.emplace_back([this, i, cpu = cpus[i]] {
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(cpu, &one);
      pthread_setaffinity_np(pthread_self(), sizeof one, &one);
      const sched_param p{.sched_priority = 2};
      pthread_setschedparam(pthread_self(), SCHED_FIFO, &p);  // best effort: else it still sees stalls
      using Clock = std::chrono::steady_clock;
      constexpr auto kPeriod = std::chrono::milliseconds(1);
      double longest = 0;
      while (!done_.load(std::memory_order_relaxed)) {
        const auto due = Clock::now() + kPeriod;
        std::this_thread::sleep_until(due);
        longest =
            std::max(longest, std::chrono::duration<double, std::milli>(Clock::now() - due).count());
      }
      longest_ms_[i] = longest;
    });
  }
}

StallWatch::~StallWatch() { stop(); }

double StallWatch::stop() {
  done_ = true;
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  return longest_ms_.empty() ? 0.0 : *std::max_element(longest_ms_.begin(), longest_ms_.end());
}

}  // namespace sonde::bench
