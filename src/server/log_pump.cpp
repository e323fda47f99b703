#include "server/log_pump.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "util/redact.hpp"

namespace sonde {
namespace {

constexpr size_t kRecentLines = 200;
constexpr size_t kMaxLine = 64 * 1024;  // a longer "line" is cut: no unbounded buffering
constexpr int kPollMs = 50;

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // disk full or similar: the scanner still sees the lines
    data.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

std::string redact_line(std::string_view line, const std::vector<std::string>& secrets) {
  return redact(line, secrets);
}

LogPump::LogPump(int pipe_fd, int log_fd, std::vector<std::string> secrets,
                 std::function<void(const std::string&)> on_line)
    : pipe_fd_(pipe_fd), log_fd_(log_fd), secrets_(std::move(secrets)), on_line_(std::move(on_line)) {
  thread_ = std::thread([this] { run(); });
}

LogPump::~LogPump() {
  finish(std::chrono::milliseconds(0));
  if (pipe_fd_ >= 0) close(pipe_fd_);
  if (log_fd_ >= 0) close(log_fd_);
}

void LogPump::finish(std::chrono::milliseconds linger) {
  {
    std::lock_guard lock(mu_);
    const auto by = std::chrono::steady_clock::now() + linger;
    if (!finish_by_ || by < *finish_by_) finish_by_ = by;
  }
  std::lock_guard join_lock(join_mu_);  // stop() may run on two threads at once
  if (thread_.joinable()) thread_.join();
}

bool LogPump::linger_expired() {
  std::lock_guard lock(mu_);
  return finish_by_ && std::chrono::steady_clock::now() >= *finish_by_;
}

void LogPump::run() {
  char buf[16384];
  for (;;) {
    pollfd p{pipe_fd_, POLLIN, 0};
    const int r = poll(&p, 1, kPollMs);
    if (r < 0 && errno != EINTR) break;
    if (r > 0) {
      const ssize_t n = read(pipe_fd_, buf, sizeof buf);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n <= 0) break;  // EOF: every writer is gone
      consume(std::string_view(buf, static_cast<size_t>(n)));
      continue;  // drain what is there before looking at the deadline
    }
    if (linger_expired()) break;
  }
  if (!pending_.empty()) emit(pending_, "\n");
  pending_.clear();
  std::lock_guard lock(mu_);
  eof_ = true;
  cv_.notify_all();
}

// Splits on '\n' and '\r' (progress bars redraw with '\r'), keeping the terminators in the file.
void LogPump::consume(std::string_view data) {
  for (char c : data) {
    if (c == '\n' || c == '\r') {
      emit(pending_, std::string_view(&c, 1));
      pending_.clear();
    } else {
      pending_ += c;
      if (pending_.size() >= kMaxLine) {
        emit(pending_, "\n");
        pending_.clear();
      }
    }
  }
}

void LogPump::emit(std::string_view line, std::string_view terminator) {
  const std::string clean = redact_line(line, secrets_);
  if (log_fd_ >= 0) write_all(log_fd_, clean + std::string(terminator));
  if (clean.empty()) return;
  {
    std::lock_guard lock(mu_);
    scanner_.feed(clean);
    recent_.push_back(clean);
    ++total_lines_;
    if (recent_.size() > kRecentLines) recent_.pop_front();
  }
  cv_.notify_all();
  if (on_line_) on_line_(clean);
}

bool LogPump::wait_eof(std::chrono::milliseconds limit) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, limit, [this] { return eof_; });
}

bool LogPump::wait_for_line(std::string_view needle, std::chrono::milliseconds limit) {
  std::unique_lock lock(mu_);
  size_t next = total_lines_ - recent_.size();  // global index of the first unsearched line
  bool hit = false;
  auto done = [&] {
    const size_t first = total_lines_ - recent_.size();
    for (size_t g = std::max(next, first); g < total_lines_ && !hit; ++g) {
      hit = recent_[g - first].find(needle) != std::string::npos;
    }
    next = total_lines_;
    return hit || eof_;
  };
  cv_.wait_for(lock, limit, done);
  return hit;
}

StartupFacts LogPump::facts() const {
  std::lock_guard lock(mu_);
  return scanner_.facts();
}

std::optional<ServerFailure> LogPump::startup_failure() const {
  std::lock_guard lock(mu_);
  return scanner_.startup_failure();
}

std::optional<ServerFailure> LogPump::runtime_failure() const {
  std::lock_guard lock(mu_);
  return scanner_.runtime_failure();
}

ServerFailure LogPump::classify(std::optional<int> exit_code, std::optional<int> signal,
                                bool timed_out) const {
  std::lock_guard lock(mu_);
  return classify_startup_failure(scanner_, exit_code, signal, timed_out);
}

void LogPump::mark_started() {
  std::lock_guard lock(mu_);
  scanner_.mark_started();
}

std::vector<std::string> LogPump::recent_lines() const {
  std::lock_guard lock(mu_);
  return {recent_.begin(), recent_.end()};
}

}  // namespace sonde
