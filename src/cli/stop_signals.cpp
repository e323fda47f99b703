#include "cli/stop_signals.hpp"

#include <fmt/format.h>
#include <pthread.h>

#include <cstdio>
#include <cstdlib>

#include "util/error.hpp"

namespace sonde {

StopSignals::StopSignals(std::atomic<bool>& stop, std::atomic<int>& signal) {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  sigaddset(&set_, SIGUSR1);  // our own wake-up at exit
  pthread_sigmask(SIG_BLOCK, &set_, &old_);
  thread_ = std::thread([this, &stop, &signal] {
    for (int seen = 0;;) {
      int sig = 0;
      sigwait(&set_, &sig);
      if (sig == SIGUSR1) return;
      if (++seen == 1) {
        signal = sig;
        stop = true;
        fmt::print(stderr,
                   "\nsonde: {}: sending no more requests, waiting for those in flight "
                   "(again to stop at once)\n",
                   sig == SIGINT ? "SIGINT" : "SIGTERM");
      } else {
        std::fflush(stderr);
        std::_Exit(static_cast<int>(ExitCode::interrupted));
      }
    }
  });
}

StopSignals::~StopSignals() {
  pthread_kill(thread_.native_handle(), SIGUSR1);
  thread_.join();
  pthread_sigmask(SIG_SETMASK, &old_, nullptr);
}

}  // namespace sonde
