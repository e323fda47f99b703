#pragma once
// The process group of one launched server: signalling, reaping and the SIGINT → SIGTERM →
// SIGKILL escalation, plus the process-wide registry that lets Ctrl-C handling stop every
// server sonde started. Internal to server/; callers use ServerProcess (process.hpp).
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "results/server_launch.hpp"  // StopResult

namespace sonde {

struct StopTimeouts {
  std::chrono::milliseconds sigint_grace{30000};   // after SIGINT: vLLM's own orderly shutdown
  std::chrono::milliseconds sigterm_grace{10000};  // after SIGTERM, before SIGKILL
  std::chrono::milliseconds sigkill_wait{5000};    // after SIGKILL, before reporting survivors
  std::chrono::milliseconds port_wait{5000};       // for the port to accept a bind again
};

struct ExitStatus {
  std::optional<int> exit_code;  // status when it exited by itself
  std::optional<int> signal;     // signal that ended it
};

class ProcessGroup {
 public:
  ProcessGroup(pid_t leader, uint16_t port, StopTimeouts timeouts)
      : leader_(leader), port_(port), timeouts_(timeouts) {}

  pid_t leader() const { return leader_; }
  pid_t pgid() const { return leader_; }  // the leader was spawned as the group's leader

  // Reaps the leader if it has exited (never blocks); its status once it has.
  std::optional<ExitStatus> poll_exit();
  // Escalates until the group is gone, then checks the port. Idempotent and thread-safe: a
  // second caller waits for the first and gets the same result.
  StopResult stop();
  // Makes a stop in progress (or the next one) skip the remaining grace periods.
  void hurry() { hurry_ = true; }
  bool stopping() const { return stopping_; }

 private:
  void reap_members();
  bool group_alive();
  bool wait_gone(std::chrono::milliseconds limit, bool honour_hurry);

  const pid_t leader_;
  const uint16_t port_;
  const StopTimeouts timeouts_;
  std::mutex reap_mu_;  // guards exit_ and waitpid on our children
  std::optional<ExitStatus> exit_;
  std::mutex stop_mu_;  // serialises stop()
  std::optional<StopResult> stopped_;
  std::atomic<bool> hurry_{false};
  std::atomic<bool> stopping_{false};
};

// Registry of live groups (weak: a group leaves it when its ServerProcess is destroyed).
void register_group(const std::shared_ptr<ProcessGroup>& group);
void unregister_group(const ProcessGroup* group);

// Makes orphaned members of launched groups re-parent to sonde (PR_SET_CHILD_SUBREAPER), so
// that sonde can reap them and see the group vanish. Otherwise a dead grandchild stays a zombie
// — which still counts as a group member — until PID 1 reaps it, and in containers PID 1 may
// never do that. Called before the first spawn; harmless if it fails.
void become_subreaper();

}  // namespace sonde
