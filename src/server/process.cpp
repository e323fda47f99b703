// posix_spawn with POSIX_SPAWN_SETPGROUP puts the server in its own group before it runs a
// single instruction, so no grandchild can escape the group by being forked early, and a
// terminal's Ctrl-C reaches sonde only: sonde then stops the server in order.
#include "server/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "client/http.hpp"
#include "results/safe_file.hpp"
#include "server/command.hpp"
#include "server/log_pump.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

extern char** environ;

namespace sonde {
namespace {

// Log files are created 0644 and never through a symlink planted in the output directory.
int open_log(const std::filesystem::path& path) {
  if (path.has_parent_path()) make_result_dirs(path.parent_path());  // 0755 whatever the umask
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw Error(ExitCode::failure, "cannot create server log " + path.string() + ": " +
                                       std::strerror(errno) + " (check the output directory)");
  }
  return fd;
}

// sonde's environment with the overrides applied. PYTHONUNBUFFERED=1 unless set: Python
// block-buffers stdout into a pipe, and start-up lines must arrive while they matter.
std::vector<std::string> build_env(const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    const std::string kv(*e);
    const size_t eq = kv.find('=');
    if (eq != std::string::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  env.emplace("PYTHONUNBUFFERED", "1");
  for (const auto& [k, v] : overrides) env[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Spawns argv with stdout+stderr into out_fd, stdin from /dev/null, in a new process group,
// with an empty signal mask and default dispositions (sonde may block or ignore signals that
// the server must honour: an ignored SIGINT would survive exec).
pid_t spawn(std::vector<std::string> argv, std::vector<std::string> env, int out_fd) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
  posix_spawn_file_actions_adddup2(&fa, out_fd, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM}) {
    sigaddset(&defaults, sig);
  }
  posix_spawnattr_setsigdefault(&attr, &defaults);
  auto args = c_strings(argv);
  auto envp = c_strings(env);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &fa, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    throw UsageError("cannot start server command '" + argv[0] + "': " + std::strerror(rc) +
                     " (check the command and PATH)");
  }
  return pid;
}

std::string trim_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

ServerProcess::ServerProcess(ServerOptions options) : options_(std::move(options)) {
  if (options_.argv.empty()) throw UsageError("server command is empty");
  if (options_.port == 0) options_.port = find_port_arg(options_.argv).value_or(0);
  const int log_fd = open_log(options_.log_path);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    close(log_fd);
    throw Error(ExitCode::failure, std::string("pipe: ") + std::strerror(errno));
  }
  become_subreaper();
  pid_t pid = 0;
  try {
    pid = spawn(options_.argv, build_env(options_.env), fds[1]);
  } catch (...) {
    close(fds[0]);
    close(fds[1]);
    close(log_fd);
    throw;
  }
  close(fds[1]);  // the child holds its copy; EOF comes when every writer is gone
  group_ = std::make_shared<ProcessGroup>(pid, options_.port, options_.stop);
  register_group(group_);
  pump_ = std::make_unique<LogPump>(fds[0], log_fd, options_.secrets, options_.on_line);
}

ServerProcess::~ServerProcess() {
  stop();
  unregister_group(group_.get());
}

pid_t ServerProcess::pid() const { return group_->leader(); }
pid_t ServerProcess::pgid() const { return group_->pgid(); }

StopResult ServerProcess::stop() {
  const StopResult r = group_->stop();
  // The group is gone, so the pipe's writers are too; linger only for an escaped process.
  pump_->finish(std::chrono::milliseconds(1000));
  return r;
}

bool ServerProcess::running() { return !group_->poll_exit(); }
std::optional<ExitStatus> ServerProcess::exit_status() { return group_->poll_exit(); }
StartupFacts ServerProcess::startup_facts() const { return pump_->facts(); }
std::optional<ServerFailure> ServerProcess::runtime_failure() const {
  return pump_->runtime_failure();
}
std::vector<std::string> ServerProcess::recent_log_lines() const { return pump_->recent_lines(); }

bool ServerProcess::wait_for_line(std::string_view needle, std::chrono::milliseconds limit) {
  return pump_->wait_for_line(needle, limit);
}

ServerFailure ServerProcess::classify_failure(bool timed_out) {
  const auto ex = group_->poll_exit();
  if (ex) return pump_->classify(ex->exit_code, ex->signal, false);
  return pump_->classify(std::nullopt, std::nullopt, timed_out);
}

HealthResult ServerProcess::wait_healthy(const std::string& base_url, const HealthOptions& o) {
  const auto t0 = Clock::now();
  const auto deadline = t0 + o.timeout;
  const std::string base = trim_slash(base_url);
  std::optional<Clock::time_point> fatal_at;
  bool health_ok = false;
  HealthResult res;
  auto finish = [&](HealthStatus s, std::optional<ServerFailure> f) {
    res.status = s;
    res.failure = std::move(f);
    res.waited_s = std::chrono::duration<double>(Clock::now() - t0).count();
    return res;
  };
  for (;;) {
    if (group_->stopping()) return finish(HealthStatus::interrupted, std::nullopt);
    if (const auto ex = group_->poll_exit()) {
      pump_->wait_eof(o.drain_wait);  // the cause is in the last lines it wrote
      return finish(HealthStatus::failed, pump_->classify(ex->exit_code, ex->signal, false));
    }
    const auto now = Clock::now();
    if (!fatal_at && pump_->startup_failure()) fatal_at = now;
    if (fatal_at && now - *fatal_at >= o.fatal_line_grace) {
      return finish(HealthStatus::failed, pump_->classify(std::nullopt, std::nullopt, false));
    }
    if (now >= deadline) return finish(HealthStatus::failed, classify_failure(true));
    const double left_s = std::chrono::duration<double>(deadline - now).count();
    const double probe_s = std::min(left_s, std::chrono::duration<double>(o.request_timeout).count());
    const auto r = health_ok ? http_get(base + "/v1/models", o.api_key, probe_s)
                             : http_get(base + "/health", std::nullopt, probe_s);
    if (r.status == 200) {
      if (health_ok) {
        pump_->mark_started();
        return finish(HealthStatus::healthy, std::nullopt);
      }
      health_ok = true;
      continue;  // the model list is usually ready at once
    }
    const auto wake = std::min(Clock::now() + o.poll_interval, deadline);
    while (Clock::now() < wake && !group_->stopping() && !group_->poll_exit()) {
      std::this_thread::sleep_for(
          std::min<Clock::duration>(std::chrono::milliseconds(20), wake - Clock::now()));
    }
  }
}

}  // namespace sonde
