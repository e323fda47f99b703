#include "server/process_group.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <thread>
#include <vector>

#include "server/port.hpp"
#include "server/process.hpp"
#include "util/clock.hpp"

namespace sonde {
namespace {

constexpr std::chrono::milliseconds kPollStep{20};

std::mutex& registry_mu() {
  static std::mutex mu;
  return mu;
}

std::vector<std::weak_ptr<ProcessGroup>>& registry() {
  static std::vector<std::weak_ptr<ProcessGroup>> groups;
  return groups;
}

ExitStatus decode(int status) {
  ExitStatus s;
  if (WIFEXITED(status)) s.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) s.signal = WTERMSIG(status);
  return s;
}

}  // namespace

std::optional<ExitStatus> ProcessGroup::poll_exit() {
  std::lock_guard lock(reap_mu_);
  if (!exit_) {
    int status = 0;
    pid_t r;
    do {
      r = waitpid(leader_, &status, WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r == leader_) exit_ = decode(status);
    // ECHILD: reaped elsewhere with its status lost; it is gone either way.
    if (r < 0 && errno == ECHILD) exit_ = ExitStatus{};
  }
  return exit_;
}

// Reaps every member that is our child: the leader, and orphans re-parented to us.
void ProcessGroup::reap_members() {
  std::lock_guard lock(reap_mu_);
  for (;;) {
    int status = 0;
    const pid_t r = waitpid(-pgid(), &status, WNOHANG);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return;
    if (r == leader_ && !exit_) exit_ = decode(status);
  }
}

bool ProcessGroup::group_alive() {
  reap_members();
  return kill(-pgid(), 0) == 0 || errno != ESRCH;
}

// Polls until the group is gone or `limit` passes (or, when honour_hurry, hurry() is called).
bool ProcessGroup::wait_gone(std::chrono::milliseconds limit, bool honour_hurry) {
  const auto deadline = Clock::now() + limit;
  for (;;) {
    if (!group_alive()) return true;
    if (Clock::now() >= deadline || (honour_hurry && hurry_)) return false;
    std::this_thread::sleep_for(kPollStep);
  }
}

StopResult ProcessGroup::stop() {
  std::lock_guard lock(stop_mu_);
  if (stopped_) return *stopped_;
  stopping_ = true;
  const auto t0 = Clock::now();
  StopResult r;
  r.escalation = "none";
  struct Step {
    int sig;
    const char* name;
    std::chrono::milliseconds wait;
    bool hurriable;
  };
  const Step steps[] = {{SIGINT, "sigint", timeouts_.sigint_grace, true},
                        {SIGTERM, "sigterm", timeouts_.sigterm_grace, true},
                        {SIGKILL, "sigkill", timeouts_.sigkill_wait, false}};
  for (const Step& s : steps) {
    if (!group_alive()) break;
    if (s.hurriable && hurry_) continue;
    kill(-pgid(), s.sig);
    r.escalation = s.name;
    if (wait_gone(s.wait, s.hurriable)) break;
  }
  r.group_gone = !group_alive();
  r.port_free = true;
  if (port_ != 0) {
    // The last member's sockets close as it dies; give the kernel a moment all the same.
    const auto deadline = Clock::now() + timeouts_.port_wait;
    while (!(r.port_free = port_is_free(port_)) && Clock::now() < deadline) {
      std::this_thread::sleep_for(kPollStep);
    }
  }
  r.took_s = std::chrono::duration<double>(Clock::now() - t0).count();
  stopped_ = r;
  return r;
}

void register_group(const std::shared_ptr<ProcessGroup>& group) {
  std::lock_guard lock(registry_mu());
  auto& groups = registry();
  std::erase_if(groups, [](const auto& w) { return w.expired(); });
  groups.push_back(group);
}

void unregister_group(const ProcessGroup* group) {
  std::lock_guard lock(registry_mu());
  std::erase_if(registry(), [group](const auto& w) {
    const auto g = w.lock();
    return !g || g.get() == group;
  });
}

void become_subreaper() {
  static const bool done = [] {
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    return true;
  }();
  (void)done;
}

size_t live_server_count() {
  std::lock_guard lock(registry_mu());
  size_t n = 0;
  for (const auto& w : registry()) {
    if (const auto g = w.lock(); g && !g->stopping()) ++n;
  }
  return n;
}

std::vector<StopResult> stop_all_servers(bool immediate) {
  std::vector<std::shared_ptr<ProcessGroup>> groups;
  {
    std::lock_guard lock(registry_mu());
    for (const auto& w : registry()) {
      if (auto g = w.lock()) groups.push_back(std::move(g));
    }
  }
  if (immediate) {
    for (const auto& g : groups) g->hurry();
  }
  std::vector<StopResult> results;
  for (const auto& g : groups) results.push_back(g->stop());
  return results;
}

}  // namespace sonde
