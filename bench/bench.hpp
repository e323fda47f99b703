#pragma once
// Shared pieces of sonde_bench: the server child process, the machine, and result rows.
#include <sys/types.h>

#include <string>
#include <vector>

#include "client/client.hpp"

namespace sonde::bench {

struct Settings {
  std::string build_dir;    // where sonde_blaster lives
  std::string source_dir;   // repository root (baseline script, docs)
  int runs = 5;             // repetitions; tables show medians
  bool quick = false;       // fewer tokens/levels (smoke test of the harness itself)
  std::vector<int> levels;  // fidelity stream counts (empty = the standard six)
  bool baseline = true;     // also run bench/baseline_aiohttp.py
  bool simulator = true;    // also feed the client from `sonde sim --emit-send-times`
  bool realtime = true;     // run client and server (children inherit) at SCHED_FIFO 1
  std::string scheduling;   // what was obtained, for the report
};

// A child process (the SSE server or the Python baseline) in its own process group.
class Child {
 public:
  // `merge_stderr`: the child's stderr goes to the same pipe as its stdout.
  explicit Child(const std::vector<std::string>& argv, bool merge_stderr = false);
  ~Child();  // SIGKILLs the group if still running
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  // Next line of the child's stdout ("" at EOF).
  std::string read_line();
  // Everything the child writes on stdout until it closes it.
  std::string read_all();
  // Waits for exit; returns the status (see waitpid).
  int wait();
  // SIGKILLs the process group and reaps it.
  void kill_now();
  pid_t pid() const { return pid_; }
  int out_fd() const { return out_fd_; }  // read end of the child's stdout pipe

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string buffer_;
};

// sonde_blaster started with `args`, its port parsed from its first line.
struct Blaster {
  Blaster(const Settings& s, const std::vector<std::string>& args);
  // sonde_bench_sim (= `sonde sim --emit-send-times`) started with `args`.
  Blaster(const Settings& s, const std::vector<std::string>& args, bool simulator);
  ~Blaster();
  Blaster(const Blaster&) = delete;
  Blaster& operator=(const Blaster&) = delete;
  Child child;
  int port = 0;
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

// A markdown table under a heading, also echoed to stdout as it is produced.
struct Table {
  std::string title;  // "### ..." heading
  std::string note;   // settings line under the heading
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::string verbatim;  // when set: the whole markdown (from a child)
  std::string markdown() const;
};

double median(std::vector<double> v);
std::string cpu_model();
double loadavg1();
double process_cpu_s();  // user + system CPU of this process so far
double rss_mib();        // current resident set of this process
void raise_fd_limit();
// SCHED_FIFO priority 1 for this process (inherited by its threads and children), else nice -10,
// so that the compile jobs sharing the machine do not decide the figures; says which it got.
std::string enter_realtime();
std::string fixed(double v, int decimals);

// A streaming request for the blaster/simulator: `tokens` output tokens.
PreparedRequest stream_request(int index, int tokens);

}  // namespace sonde::bench
