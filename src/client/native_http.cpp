#include "client/native_http.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <strings.h>

namespace sonde {
namespace {

bool proxy_configured() {
  for (const char* v : {"http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"}) {
    const char* s = std::getenv(v);
    if (s != nullptr && *s != '\0') return true;
  }
  return false;
}

// The ADDR list of the `resolve` entry for host:port, if any ("HOST:PORT:ADDR[,ADDR...]").
std::optional<std::string> resolve_entry(const std::vector<std::string>& resolve,
                                         const std::string& host, int port) {
  for (const std::string& e : resolve) {
    const std::size_t c1 = e.find(':');
    const std::size_t c2 = c1 == std::string::npos ? c1 : e.find(':', c1 + 1);
    if (c2 == std::string::npos) continue;
    if (strcasecmp(e.substr(0, c1).c_str(), host.c_str()) == 0 &&
        e.substr(c1 + 1, c2 - c1 - 1) == std::to_string(port)) {
      return e.substr(c2 + 1);
    }
  }
  return std::nullopt;
}

// Appends every stream address getaddrinfo gives for host:port; false when it gives none.
bool add_addresses(const std::string& host, int port, int flags, std::vector<NativeAddress>& out) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = flags;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return false;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    NativeAddress n;
    std::memcpy(&n.addr, a->ai_addr, a->ai_addrlen);
    n.len = a->ai_addrlen;
    out.push_back(n);
  }
  const bool any = found != nullptr;
  if (any) freeaddrinfo(found);
  return any;
}

}  // namespace

std::optional<NativeEndpoint> native_endpoint(const ClientConfig& config, const std::string& url) {
  if (config.transport != ClientTransport::native || proxy_configured()) return std::nullopt;
  constexpr std::string_view kScheme = "http://";
  if (url.size() <= kScheme.size() || url.compare(0, kScheme.size(), kScheme) != 0)
    return std::nullopt;
  std::string_view rest = std::string_view(url).substr(kScheme.size());
  const std::size_t slash = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, slash);
  NativeEndpoint ep;
  const std::string_view path =
      slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  ep.target = path.empty() || path.front() != '/' ? "/" : "";  // "http://h?q" means "/?q"
  ep.target.append(path);
  if (authority.empty() || authority.find('@') != std::string_view::npos ||
      ep.target.find('#') != std::string::npos) {
    return std::nullopt;  // user info and fragments: leave the URL's finer points to curl
  }
  std::string_view host = authority;
  std::string_view port;
  if (host.front() == '[') {  // [IPv6]:port
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    if (close + 1 < host.size()) {
      if (host[close + 1] != ':') return std::nullopt;
      port = host.substr(close + 2);
    }
    host = host.substr(1, close - 1);
  } else if (const std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (host.empty()) return std::nullopt;
  if (!port.empty()) {
    ep.port = 0;
    for (const char c : port) {
      if (c < '0' || c > '9' || ep.port > 65535) return std::nullopt;
      ep.port = ep.port * 10 + (c - '0');
    }
    if (ep.port <= 0 || ep.port > 65535) return std::nullopt;
  }
  ep.host = std::string(host);
  ep.host_header = std::string(authority);

  const std::optional<std::string> pinned = resolve_entry(config.resolve, ep.host, ep.port);
  if (pinned) {
    std::string_view list = *pinned;
    while (!list.empty()) {
      const std::size_t comma = list.find(',');
      std::string_view a = list.substr(0, comma);
      if (a.size() > 2 && a.front() == '[' && a.back() == ']') a = a.substr(1, a.size() - 2);
      if (!add_addresses(std::string(a), ep.port, AI_NUMERICHOST, ep.addrs)) return std::nullopt;
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
  } else if (!add_addresses(ep.host, ep.port, 0, ep.addrs)) {
    return std::nullopt;  // curl then reports the resolve failure in its own words
  }
  if (ep.addrs.empty()) return std::nullopt;
  return ep;
}

void build_request_head(const NativeEndpoint& ep, const ClientConfig& config,
                        const PreparedRequest& req, std::string& out) {
  out.clear();
  out.append("POST ").append(ep.target).append(" HTTP/1.1\r\nHost: ").append(ep.host_header);
  out.append("\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nx-request-id: ");
  out.append(req.x_request_id);
  if (config.api_key) out.append("\r\nAuthorization: Bearer ").append(*config.api_key);
  out.append("\r\nContent-Length: ").append(std::to_string(req.body.size())).append("\r\n\r\n");
}

int start_connect(const NativeAddress& to, bool* in_progress) {
  const int fd = socket(to.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno;
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  *in_progress = false;
  if (connect(fd, reinterpret_cast<const sockaddr*>(&to.addr), to.len) != 0) {
    if (errno != EINPROGRESS) {
      const int err = errno;
      close(fd);
      return -err;
    }
    *in_progress = true;
  }
  return fd;
}

int connect_result(int fd) {
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return errno;
  return err;
}

long send_request(int fd, std::string_view head, std::string_view body, std::size_t sent) {
  while (sent < head.size() + body.size()) {
    iovec iov[2];
    int n = 0;
    if (sent < head.size()) {
      iov[n++] = {const_cast<char*>(head.data() + sent), head.size() - sent};
      iov[n++] = {const_cast<char*>(body.data()), body.size()};
    } else {
      const std::size_t off = sent - head.size();
      iov[n++] = {const_cast<char*>(body.data() + off), body.size() - off};
    }
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = static_cast<std::size_t>(n);
    const ssize_t w = sendmsg(fd, &msg, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      return -errno;
    }
    sent += static_cast<std::size_t>(w);
  }
  return static_cast<long>(sent);
}

}  // namespace sonde
