#include "script_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace sonde::test {
namespace {

int bind_loopback(int backlog, int* port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      (backlog >= 0 && ::listen(fd, backlog) != 0)) {
    ::close(fd);
    throw std::runtime_error("bind/listen on 127.0.0.1 failed");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *port = ntohs(addr.sin_port);
  return fd;
}

bool send_all(int fd, const std::string& bytes) {
  size_t off = 0;
  while (off < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string chunk(const std::string& bytes) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
  return size + bytes + "\r\n";
}

}  // namespace

int closed_port() {
  int port = 0;
  ::close(bind_loopback(-1, &port));
  return port;
}

FullBacklog::FullBacklog() {
  listen_fd_ = bind_loopback(0, &port_);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  // Connect until one attempt no longer completes: the queue is then full.
  for (int i = 0; i < 8; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    fillers_.push_back(fd);
    ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, 200) == 0) return;  // this one hangs: later SYNs will hang too
  }
  port_ = 0;  // the kernel kept accepting; cannot provoke a connect timeout here
}

FullBacklog::~FullBacklog() {
  for (int fd : fillers_) ::close(fd);
  ::close(listen_fd_);
}

ScriptServer::ScriptServer(Handler handler) : handler_(std::move(handler)) {
  listen_fd_ = bind_loopback(64, &port_);
  acceptor_ = std::thread([this] { accept_loop(); });
}

ScriptServer::~ScriptServer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  acceptor_.join();
  for (auto& w : workers_) w.join();
  ::close(listen_fd_);
}

std::vector<SeenRequest> ScriptServer::requests() const {
  std::lock_guard lock(mu_);
  return seen_;
}

bool ScriptServer::wait(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return !cv_.wait_for(lock, d, [this] { return stopping_.load(); });
}

void ScriptServer::accept_loop() {
  int connections = 0;
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::lock_guard lock(mu_);
    workers_.emplace_back([this, fd, c = connections++] { serve(fd, c); });
  }
}

bool ScriptServer::read_request(int fd, std::string& buffer, SeenRequest& out) {
  size_t head_end = std::string::npos;
  size_t need = 0;
  for (;;) {
    if (head_end == std::string::npos && (head_end = buffer.find("\r\n\r\n")) != std::string::npos) {
      out.head = buffer.substr(0, head_end);
      const std::string h = lower(out.head);
      const size_t cl = h.find("content-length:");
      need = cl == std::string::npos ? 0 : std::stoul(h.substr(cl + 15));
    }
    if (head_end != std::string::npos && buffer.size() >= head_end + 4 + need) {
      out.body = buffer.substr(head_end + 4, need);
      buffer.erase(0, head_end + 4 + need);
      return true;
    }
    pollfd p{fd, POLLIN, 0};
    if (stopping_) return false;
    if (::poll(&p, 1, 20) <= 0) continue;
    char tmp[4096];
    const ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buffer.append(tmp, static_cast<size_t>(n));
  }
}

void ScriptServer::serve(int fd, int connection) {
  std::string buffer;
  SeenRequest req;
  req.connection = connection;
  while (read_request(fd, buffer, req)) {
    {
      std::lock_guard lock(mu_);
      seen_.push_back(req);
    }
    const int now_active = ++active_;
    int prev = max_active_.load();
    while (prev < now_active && !max_active_.compare_exchange_weak(prev, now_active)) {
    }
    const Script script = handler_(req);
    bool alive = wait(script.head_delay);
    alive = alive && send_all(fd, "HTTP/1.1 " + std::to_string(script.status) + " X\r\n" +
                                      "Content-Type: " + script.content_type + "\r\n" +
                                      "Transfer-Encoding: chunked\r\n" +
                                      (script.keep_alive ? "" : "Connection: close\r\n") + "\r\n");
    for (const Step& step : script.body) {
      alive = alive && wait(step.delay) && send_all(fd, chunk(step.bytes));
    }
    --active_;  // before the end is sent, so the client cannot start another one first
    if (alive && script.terminate) alive = send_all(fd, "0\r\n\r\n");
    if (!alive || !script.keep_alive) break;
  }
  ::close(fd);
}

}  // namespace sonde::test
