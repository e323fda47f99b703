// posix_spawn + poll rather than popen: we need a deadline and a kill, and a pipe opened with
// O_CLOEXEC so children spawned concurrently by other threads do not inherit it.
#include "telemetry/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace sonde {
namespace {

constexpr size_t kOutCap = 4u << 20;

// Reads the child's stdout until EOF or the deadline; false on timeout.
bool drain(int fd, std::string& out, std::chrono::steady_clock::time_point deadline) {
  char buf[8192];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int r = poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) return false;
    if (r < 0) return true;  // poll failed: keep what we have
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;  // EOF (or an error: treat as the end of output)
    if (out.size() < kOutCap) out.append(buf, std::min<size_t>(n, kOutCap - out.size()));
  }
}

int wait_child(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  ProcessResult res;
  if (argv.empty()) {
    res.error = "no program given";
    return res;
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    res.error = std::string("pipe: ") + std::strerror(errno);
    return res;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    res.error = argv[0] + ": " + std::strerror(rc);
    return res;
  }
  res.started = true;
  const bool finished = drain(fds[0], res.out, std::chrono::steady_clock::now() + timeout);
  close(fds[0]);
  if (!finished) {
    kill(pid, SIGKILL);
    res.timed_out = true;
  }
  res.exit_code = wait_child(pid);
  if (res.timed_out) {
    res.exit_code = -1;
    res.error = argv[0] + ": no answer within " + std::to_string(timeout.count()) + " ms";
  } else if (res.exit_code != 0) {
    res.error = argv[0] + ": exit status " + std::to_string(res.exit_code);
  }
  return res;
}

}  // namespace sonde
