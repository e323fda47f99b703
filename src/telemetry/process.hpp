#pragma once
// Runs a helper program (nvidia-smi, python3) and captures its stdout, with a deadline: a
// wedged driver can hang nvidia-smi, and sonde must not hang with it (popen has no timeout).
#include <chrono>
#include <string>
#include <vector>

namespace sonde {

struct ProcessResult {
  bool started = false;    // the program was found and spawned
  bool timed_out = false;  // killed at the deadline
  int exit_code = -1;      // exit status (-1 when killed by a signal or not started)
  std::string out;         // stdout, capped at 4 MiB
  std::string error;       // why it did not run to a clean exit ("" when exit_code == 0)
};

// argv[0] is looked up in PATH when it has no '/'. stderr is discarded, stdin is /dev/null.
ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

}  // namespace sonde
