#pragma once
// Reads a server's merged stdout/stderr from a pipe on its own thread: writes it to the log
// file (secrets redacted) and feeds each line to the start-up/failure scanner as it arrives.
// Internal to server/; callers use ServerProcess (process.hpp).
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/startup_log.hpp"

namespace sonde {

class LogPump {
 public:
  // Takes ownership of both descriptors. on_line may be empty; it runs on the pump thread.
  LogPump(int pipe_fd, int log_fd, std::vector<std::string> secrets,
          std::function<void(const std::string&)> on_line);
  ~LogPump();  // finish(0) + join
  LogPump(const LogPump&) = delete;
  LogPump& operator=(const LogPump&) = delete;

  // Stops reading at EOF or after `linger`, whichever comes first, and joins the thread. A
  // process that left the group could keep the pipe open forever; we do not wait for it.
  void finish(std::chrono::milliseconds linger);
  // Waits until every writer closed the pipe (EOF) or `limit` passes; true at EOF.
  bool wait_eof(std::chrono::milliseconds limit);
  // Waits until a line containing `needle` has been seen (among the last 200 lines or a later
  // one) or `limit` passes.
  bool wait_for_line(std::string_view needle, std::chrono::milliseconds limit);

  // Thread-safe access to the scanner's state.
  StartupFacts facts() const;
  std::optional<ServerFailure> startup_failure() const;
  std::optional<ServerFailure> runtime_failure() const;
  ServerFailure classify(std::optional<int> exit_code, std::optional<int> signal,
                         bool timed_out) const;
  void mark_started();
  std::vector<std::string> recent_lines() const;

 private:
  void run();
  void consume(std::string_view data);
  void emit(std::string_view line, std::string_view terminator);
  bool linger_expired();

  int pipe_fd_;
  int log_fd_;
  const std::vector<std::string> secrets_;
  const std::function<void(const std::string&)> on_line_;
  std::string pending_;  // a line without its terminator yet

  mutable std::mutex mu_;
  std::condition_variable cv_;
  LogScanner scanner_;
  std::deque<std::string> recent_;  // last 200 lines, for wait_for_line
  size_t total_lines_ = 0;          // lines emitted so far (recent_ holds the newest)
  bool eof_ = false;
  std::optional<std::chrono::steady_clock::time_point> finish_by_;
  std::mutex join_mu_;  // serialises joining thread_
  std::thread thread_;
};

// Replaces every secret (non-empty), the keys registered with add_secret, the password of any
// `scheme://user:password@` and the value after `--api-key` with "***" (util/redact.hpp), so
// keys in a server's arguments or environment dump never land in a stored log.
std::string redact_line(std::string_view line, const std::vector<std::string>& secrets);

}  // namespace sonde
