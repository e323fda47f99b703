#include "runner/clock_exchange.hpp"

#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <limits>
#include <vector>

#include "util/error.hpp"

namespace sonde {
namespace {

bool send_all(int fd, const void* data, std::size_t n) {
  const auto* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t k = ::send(fd, p, n, MSG_NOSIGNAL);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    p += k;
    n -= static_cast<std::size_t>(k);
  }
  return true;
}

bool recv_all(int fd, void* data, std::size_t n) {
  auto* p = static_cast<char*>(data);
  while (n > 0) {
    const ssize_t k = ::recv(fd, p, n, 0);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    p += k;
    n -= static_cast<std::size_t>(k);
  }
  return true;
}

void no_delay(int fd) {
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// Answers one shard's queries until it hangs up (a few rounds, well under a second).
void answer(int fd) {
  no_delay(fd);
  const timeval limit{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  int64_t query = 0;
  while (recv_all(fd, &query, sizeof query)) {
    const int64_t now = wall_now_ns();
    if (!send_all(fd, &now, sizeof now)) break;
  }
  ::close(fd);
}

}  // namespace

int64_t wall_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

ClockServer::ClockServer() {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0)
    throw Error(ExitCode::failure, fmt::format("clock socket: {}", std::strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 64) != 0 ||
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd_);
    throw Error(ExitCode::failure, "clock socket: " + why);
  }
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

ClockServer::~ClockServer() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  ::close(fd_);
}

void ClockServer::serve() {
  while (!stop_.load()) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client >= 0) answer(client);  // one at a time: a query is a few microseconds
  }
}

std::optional<ClockSample> measure_clock_offset(const std::string& host_port, int rounds) {
  const auto colon = host_port.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  const std::string host = host_port.substr(0, colon);
  const std::string port = host_port.substr(colon + 1);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) return std::nullopt;
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd >= 0 && ::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) return std::nullopt;
  no_delay(fd);
  const timeval limit{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  std::optional<ClockSample> best;
  double best_rtt = std::numeric_limits<double>::infinity();
  for (int i = 0; i < rounds; ++i) {
    const int64_t t1 = wall_now_ns();
    int64_t t2 = 0;
    if (!send_all(fd, &t1, sizeof t1) || !recv_all(fd, &t2, sizeof t2)) break;
    const int64_t t3 = wall_now_ns();
    const double rtt_ms = static_cast<double>(t3 - t1) / 1e6;
    if (rtt_ms < best_rtt) {
      best_rtt = rtt_ms;
      // (t1 + t3) / 2 - t2, in a form that cannot overflow int64.
      const double offset_ns = static_cast<double>(t1 - t2) + static_cast<double>(t3 - t1) / 2;
      best = ClockSample{offset_ns / 1e6, rtt_ms / 2};
    }
  }
  ::close(fd);
  return best;
}

}  // namespace sonde
