#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "bench.hpp"

extern char** environ;

namespace sonde::bench {

Child::Child(const std::vector<std::string>& argv, bool merge_stderr) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  if (merge_stderr) posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int rc = posix_spawnp(&pid_, args[0], &fa, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  close(fds[1]);
  out_fd_ = fds[0];
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
}

Child::~Child() {
  kill_now();
  if (out_fd_ >= 0) close(out_fd_);
}

void Child::kill_now() {
  if (pid_ <= 0) return;
  kill(-pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

Blaster::~Blaster() { child.kill_now(); }

std::string Child::read_line() {
  for (;;) {
    const size_t nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return line;
    }
    char buf[4096];
    const ssize_t n = read(out_fd_, buf, sizeof buf);
    if (n <= 0) {
      std::string rest;
      rest.swap(buffer_);
      return rest;
    }
    buffer_.append(buf, static_cast<size_t>(n));
  }
}

std::string Child::read_all() {
  std::string out;
  out.swap(buffer_);
  char buf[4096];
  for (ssize_t n; (n = read(out_fd_, buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<size_t>(n));
  return out;
}

int Child::wait() {
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

Blaster::Blaster(const Settings& s, const std::vector<std::string>& args)
    : child([&] {
        std::vector<std::string> argv{s.build_dir + "/bench/sonde_blaster"};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
      }()) {
  const std::string line = child.read_line();
  if (line.rfind("port ", 0) != 0) throw std::runtime_error("sonde_blaster did not start: " + line);
  port = std::stoi(line.substr(5));
}

Blaster::Blaster(const Settings& s, const std::vector<std::string>& args, bool)
    : child([&] {
        std::vector<std::string> argv{s.build_dir + "/bench/sonde_bench_sim"};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
      }()) {
  const std::string line = child.read_line();
  if (line.rfind("port ", 0) != 0)
    throw std::runtime_error("sonde_bench_sim did not start: " + line);
  port = std::stoi(line.substr(5));
}

std::string Table::markdown() const {
  if (!verbatim.empty()) return verbatim;
  std::string out = "### " + title + "\n\n";
  if (!note.empty()) out += note + "\n\n";
  auto row = [&](const std::vector<std::string>& cells) {
    out += "|";
    for (const auto& c : cells) out += " " + c + " |";
    out += "\n";
  };
  row(header);
  out += "|";
  for (size_t i = 0; i < header.size(); ++i) out += i == 0 ? " --- |" : " ---: |";
  out += "\n";
  for (const auto& r : rows) row(r);
  return out + "\n";
}

double median(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return std::isnan(x); }), v.end());
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

double loadavg1() {
  std::ifstream in("/proc/loadavg");
  double l = 0;
  in >> l;
  return l;
}

double process_cpu_s() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

double rss_mib() {
  std::ifstream in("/proc/self/statm");
  long pages = 0, resident = 0;
  in >> pages >> resident;
  return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

void raise_fd_limit() {
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
}

std::string enter_realtime() {
  sched_param p{};
  p.sched_priority = 1;
  if (sched_setscheduler(0, SCHED_FIFO, &p) == 0)
    return "SCHED_FIFO 1 (client, server and baseline alike)";
  if (setpriority(PRIO_PROCESS, 0, -10) == 0) return "nice -10 (SCHED_FIFO not permitted)";
  return "SCHED_OTHER (raising priority not permitted)";
}

std::string fixed(double v, int decimals) {
  if (std::isnan(v)) return "n/a";
  return fmt::format("{:.{}f}", v, decimals);
}

PreparedRequest stream_request(int index, int tokens) {
  PreparedRequest r;
  r.scenario = "bench";
  r.index = index;
  r.x_request_id = "bench-" + std::to_string(index);
  r.body = fmt::format(R"({{"model":"bench","messages":[{{"role":"user","content":"hi"}}],)"
                       R"("stream":true,"stream_options":{{"include_usage":true}},"max_tokens":{}}})",
                       tokens);
  r.input_tokens_target = 8;
  r.output_tokens_target = tokens;
  return r;
}

}  // namespace sonde::bench
