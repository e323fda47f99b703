#include "server/port.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "util/error.hpp"

namespace sonde {
namespace {

// Closes the socket on every path.
struct Socket {
  int fd = -1;
  explicit Socket(int f) : fd(f) {}
  ~Socket() {
    if (fd >= 0) close(fd);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
};

sockaddr_in ipv4(uint32_t addr_host_order, uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(addr_host_order);
  a.sin_port = htons(port);
  return a;
}

// Binds 127.0.0.1:0 and returns the socket, still bound, with the port the kernel chose.
std::pair<std::unique_ptr<Socket>, uint16_t> bind_any_port() {
  auto s = std::make_unique<Socket>(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (s->fd < 0) throw Error(ExitCode::failure, std::string("socket: ") + std::strerror(errno));
  sockaddr_in a = ipv4(INADDR_LOOPBACK, 0);
  if (bind(s->fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    throw Error(ExitCode::failure,
                std::string("cannot bind 127.0.0.1:0 to pick a free port: ") + std::strerror(errno));
  }
  socklen_t len = sizeof a;
  if (getsockname(s->fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    throw Error(ExitCode::failure, std::string("getsockname: ") + std::strerror(errno));
  }
  return {std::move(s), ntohs(a.sin_port)};
}

}  // namespace

uint16_t pick_free_port() { return bind_any_port().second; }

std::vector<uint16_t> pick_free_ports(std::size_t n) {
  std::vector<std::unique_ptr<Socket>> held;
  std::vector<uint16_t> ports;
  for (std::size_t i = 0; i < n; ++i) {
    auto [sock, port] = bind_any_port();
    held.push_back(std::move(sock));
    ports.push_back(port);
  }
  return ports;
}

bool port_is_free(uint16_t port) {
  Socket s(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (s.fd < 0) return false;
  const int one = 1;
  setsockopt(s.fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a = ipv4(INADDR_ANY, port);
  return bind(s.fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
}

}  // namespace sonde
