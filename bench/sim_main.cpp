// sonde_bench_sim: the built-in simulator with --emit-send-times for the benches, as a tiny
// program of its own so the benches depend on the sim module only (not on the whole CLI).
// Equivalent to `sonde sim --port 0 --emit-send-times --model bench [--speed S]
// [--max-num-seqs N]`; prints "port <n>" on stdout and serves until killed.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "sim/sim_server.hpp"

int main(int argc, char** argv) {
  sonde::SimOptions o;
  o.port = 0;
  o.model = "bench";
  o.emit_send_times = true;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--speed")
      o.speed = std::atof(argv[i + 1]);
    else if (flag == "--max-num-seqs")
      o.max_num_seqs = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "sonde_bench_sim: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  try {
    sonde::SimServer server(o);
    server.start();
    std::printf("port %d\n", static_cast<int>(server.port()));
    std::fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    server.stop();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sonde_bench_sim: %s\n", e.what());
    return 1;
  }
  return 0;
}
