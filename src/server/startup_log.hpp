#pragma once
// Reads a vLLM server's log for the facts it prints at start-up (KV cache size, maximum
// concurrency, memory) and for the reason it failed. A sweep point that does not run must say
// *why* in vLLM's own words (OOM, KV cache too small, bad flag), not just "exited 1".
// The line formats are listed in docs/vllm-facts.md ("Start-up and failure log lines").
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "results/server_launch.hpp"  // StartupFacts, FailureKind, ServerFailure

namespace sonde {

// Incremental scanner: feed it lines as they arrive (no terminators). Not thread-safe; the
// owner serialises access. Keeps only a bounded tail, so it can watch a server for hours.
class LogScanner {
 public:
  void feed(std::string_view line);
  // Health checks passed: later OOM lines are runtime failures, not start-up ones. Also set by
  // uvicorn's "Application startup complete." line so whole-log parsing needs no hint.
  void mark_started() { started_ = true; }
  bool started() const { return started_; }

  const StartupFacts& facts() const { return facts_; }
  // A recognised start-up failure (any kind but crashed/timeout/runtime ones), first by log
  // order, a specific cause preferred to a generic invalid_config.
  std::optional<ServerFailure> startup_failure() const;
  // server_died or oom_runtime, when the log showed one after start-up.
  std::optional<ServerFailure> runtime_failure() const;
  // The last error-looking line before start-up (Traceback, ...Error, "error:") with the lines
  // before it: what a crash without a recognised cause is quoted by.
  std::optional<ServerFailure> last_error() const { return last_error_; }
  // The last lines seen (at most 20), oldest first.
  std::vector<std::string> tail() const { return {tail_.begin(), tail_.end()}; }
  size_t lines_seen() const { return lines_seen_; }

 private:
  void scan_facts(std::string_view line);
  bool scan_startup_failure(std::string_view line);
  void scan_runtime(std::string_view line);
  void remember(std::optional<ServerFailure>& slot, FailureKind kind, std::string_view line);

  StartupFacts facts_;
  bool started_ = false;
  size_t lines_seen_ = 0;
  std::deque<std::string> tail_;              // trimmed recent lines, the current one last
  std::optional<ServerFailure> specific_;     // first specific start-up failure
  std::optional<ServerFailure> generic_;      // first invalid_config hit
  int generic_follow_ = 0;                    // lines still to append to generic_'s excerpt
  std::optional<ServerFailure> last_error_;   // last line that looked like an error (for crashed)
  std::optional<ServerFailure> died_;         // first engine-death line after start-up
  std::optional<ServerFailure> oom_runtime_;  // first OOM line after start-up
};

// Scans a whole log (lines split on '\n' and '\r').
LogScanner scan_log_text(std::string_view text);

// Why a server that exited (exit_code / signal) or never got healthy (timed_out) did not start:
// the scanner's recognised failure when there is one, else crashed or timeout with the log's
// last error lines. The exit status is filled in either way.
ServerFailure classify_startup_failure(const LogScanner& scanner, std::optional<int> exit_code,
                                       std::optional<int> signal, bool timed_out);

// Trims whitespace and control characters and caps a log line at 400 characters, so that
// excerpts stay readable in JSON and reports.
std::string trim_log_line(std::string_view line);

}  // namespace sonde
