#pragma once
// One launched server (vLLM, the simulator, any command): spawned in its own process group
// with its output streamed to server.log and scanned as it arrives; waited on until healthy;
// stopped with SIGINT → SIGTERM → SIGKILL of the whole group, checked to leave no process and
// a free port behind. Every live server is also in a process-wide registry so that sonde's own
// Ctrl-C handling can stop them all from a normal thread (stop_all_servers).
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/process_group.hpp"
#include "server/startup_log.hpp"

namespace sonde {

class LogPump;

struct ServerOptions {
  std::vector<std::string> argv;  // program and arguments; argv[0] searched in PATH
  // Set on top of sonde's environment (CUDA_VISIBLE_DEVICES=...).
  std::map<std::string, std::string> env;
  std::filesystem::path log_path;    // e.g. OUT/server/<point>/server.log; parents created
  uint16_t port = 0;                 // port it listens on; 0: argv's --port, else not checked
  std::vector<std::string> secrets;  // strings replaced by *** in the stored log
  std::function<void(const std::string&)> on_line;  // per log line, on the reader thread
  StopTimeouts stop;                                // grace periods of stop()
};

struct HealthOptions {
  std::chrono::milliseconds timeout{20 * 60 * 1000};  // real model loading is slow
  std::chrono::milliseconds poll_interval{500};       // between /health probes
  std::chrono::milliseconds request_timeout{5000};    // per probe
  // After a fatal start-up line (OOM, KV cache too small, ...) a server should exit; if it
  // hangs instead, stop waiting this long after the line.
  std::chrono::milliseconds fatal_line_grace{30000};
  std::chrono::milliseconds drain_wait{2000};  // for the last log lines after an exit
  std::optional<std::string> api_key;          // /v1/models needs it when --api-key is set
};

enum class HealthStatus {
  healthy,      // /health and /v1/models answered 200
  failed,       // exited, or a fatal start-up line, or timed out: see failure
  interrupted,  // stop() / stop_all_servers() was called while waiting
};

struct HealthResult {
  HealthStatus status = HealthStatus::failed;  // outcome
  std::optional<ServerFailure> failure;        // set when status == failed
  double waited_s = 0;                         // time spent waiting (seconds)
};

class ServerProcess {
 public:
  // Spawns the server. Throws sonde::Error when the log file cannot be created or the
  // program cannot be started (not found, not executable).
  explicit ServerProcess(ServerOptions options);
  ~ServerProcess();  // stop()
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  pid_t pid() const;
  pid_t pgid() const;
  const ServerOptions& options() const { return options_; }

  // Polls base_url/health until 200, then base_url/v1/models until 200. Returns early when
  // the process exits (classified from its log), when stop() is called, or at the timeout.
  HealthResult wait_healthy(const std::string& base_url, const HealthOptions& opts);

  // Stops the whole group (see StopTimeouts), then checks that no member remains and the port
  // is free. Idempotent and thread-safe; never throws. Also ends the log reader.
  StopResult stop();

  // True while the leader has not exited (reaps it once it has).
  bool running();
  // Exit status once the leader has exited.
  std::optional<ExitStatus> exit_status();

  StartupFacts startup_facts() const;
  // server_died / oom_runtime once the log showed one after start-up.
  std::optional<ServerFailure> runtime_failure() const;
  // Classifies why the server is not serving (exited: its status; else timed_out decides
  // between timeout and crashed).
  ServerFailure classify_failure(bool timed_out);
  // Waits until a log line containing `needle` arrives (or was among the last 200).
  bool wait_for_line(std::string_view needle, std::chrono::milliseconds limit);
  std::vector<std::string> recent_log_lines() const;

 private:
  ServerOptions options_;
  std::shared_ptr<ProcessGroup> group_;
  std::unique_ptr<LogPump> pump_;
};

// Stops every server still running (each with its own grace periods, or at once with SIGKILL
// when `immediate`: the second Ctrl-C). Safe from any thread except a signal handler.
std::vector<StopResult> stop_all_servers(bool immediate = false);
// Servers started and not yet stopping.
size_t live_server_count();

}  // namespace sonde
