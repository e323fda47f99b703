// sonde_blaster: a minimal native SSE server that exists only to be faster than the client it
// feeds, so the benchmarks measure sonde and not a server. One thread, epoll, HTTP/1.1
// keep-alive, chunked transfer encoding, pre-rendered vLLM chat-completion chunks. Every chunk
// carries "sim_t_ns": the CLOCK_MONOTONIC instant (ns) its bytes were handed to the kernel, so a
// client on the same host can compute its own receive delay.
//
//   sonde_blaster [--itl-us U] [--tokens N]     prints "port <n>" on stdout, serves until killed
//
// --itl-us 0 (default): unpaced, each write coalesces as many chunks as fit in 64 KiB.
// --itl-us U: token k of a stream is written at arrival + k * U µs, one chunk per write.
// The request's "max_tokens" / "max_completion_tokens" overrides --tokens.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

namespace {

int64_t mono_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

constexpr size_t kSlot = 20;  // width of the space-padded sim_t_ns number
const std::string kHead =
    "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";

// One SSE event wrapped as one HTTP chunk, with a kSlot-wide hole for the send instant.
struct Template {
  std::string bytes;
  size_t slot = 0;  // offset of the number's first byte

  explicit Template(const std::string& json_before_slot, const std::string& json_after_slot = "}") {
    const std::string event =
        "data: " + json_before_slot + std::string(kSlot, ' ') + json_after_slot + "\n\n";
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", event.size());
    bytes = std::string(size) + event + "\r\n";
    slot = std::strlen(size) + 6 + json_before_slot.size();
  }
  void append(std::string& out, int64_t t_ns) const {
    const size_t at = out.size();
    out += bytes;
    char digits[24];
    const int n = std::snprintf(digits, sizeof digits, "%lld", static_cast<long long>(t_ns));
    std::memcpy(&out[at + slot + kSlot - static_cast<size_t>(n)], digits, static_cast<size_t>(n));
  }
};

const std::string kPrefix =
    R"({"id":"chatcmpl-blaster","object":"chat.completion.chunk","created":1700000000,"model":"bench","choices":[{"index":0,"delta":{"content":" tok"},"logprobs":null,"finish_reason":)";
const Template kToken(kPrefix + R"(null}],"sim_t_ns":)");
const Template kLast(kPrefix + R"("length"}],"sim_t_ns":)");

std::string tail_bytes(int64_t tokens) {
  std::string usage =
      "data: {\"id\":\"chatcmpl-blaster\",\"object\":\"chat.completion.chunk\","
      "\"created\":1700000000,\"model\":\"bench\",\"choices\":[],\"usage\":"
      "{\"prompt_tokens\":8,\"completion_tokens\":" +
      std::to_string(tokens) + ",\"total_tokens\":" + std::to_string(tokens + 8) +
      "}}\n\ndata: [DONE]\n\n";
  char size[16];
  std::snprintf(size, sizeof size, "%zx\r\n", usage.size());
  return size + usage + "\r\n0\r\n\r\n";
}

struct Conn {
  int fd = -1;
  std::string in;      // request bytes not yet consumed
  std::string out;     // bytes not yet written
  size_t out_pos = 0;  // written prefix of `out`
  bool streaming = false;
  int64_t tokens = 0;  // tokens in this response
  int64_t sent = 0;    // tokens already rendered
  int64_t t0_ns = 0;   // arrival instant: token k is due at t0 + k * itl
  bool want_out = false;
};

struct Due {
  int64_t at_ns;
  int fd;
  bool operator>(const Due& o) const { return at_ns > o.at_ns; }
};

class Server {
 public:
  Server(int64_t itl_ns, int64_t default_tokens)
      : itl_ns_(itl_ns), default_tokens_(default_tokens) {}
  int listen_on(int port);
  void serve();

 private:
  void accept_all();
  void on_readable(Conn& c);
  void on_writable(Conn& c);
  bool try_start(Conn& c);
  void render(Conn& c, int64_t now_ns);
  bool flush(Conn& c);
  void set_out_interest(Conn& c, bool on);
  void drop(Conn& c);

  int64_t itl_ns_;
  int64_t default_tokens_;
  int listen_fd_ = -1;
  int ep_ = -1;
  std::vector<std::unique_ptr<Conn>> conns_;  // by fd
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;
};

int Server::listen_on(int port) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      listen(listen_fd_, 8192) != 0) {
    std::perror("sonde_blaster: bind/listen");
    return -1;
  }
  socklen_t len = sizeof a;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  ep_ = epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listen_fd_;
  epoll_ctl(ep_, EPOLL_CTL_ADD, listen_fd_, &ev);
  return ntohs(a.sin_port);
}

void Server::accept_all() {
  for (;;) {
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (static_cast<size_t>(fd) >= conns_.size()) conns_.resize(static_cast<size_t>(fd) + 1);
    conns_[static_cast<size_t>(fd)] = std::make_unique<Conn>();
    conns_[static_cast<size_t>(fd)]->fd = fd;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev);
  }
}

void Server::drop(Conn& c) {
  epoll_ctl(ep_, EPOLL_CTL_DEL, c.fd, nullptr);
  close(c.fd);
  conns_[static_cast<size_t>(c.fd)].reset();
}

void Server::set_out_interest(Conn& c, bool on) {
  if (c.want_out == on) return;
  c.want_out = on;
  epoll_event ev{};
  ev.events = EPOLLIN | (on ? EPOLLOUT : 0u);
  ev.data.fd = c.fd;
  epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
}

int64_t number_after(std::string_view body, std::string_view key, int64_t fallback) {
  const size_t k = body.find(key);
  if (k == std::string_view::npos) return fallback;
  size_t p = body.find(':', k + key.size());
  if (p == std::string_view::npos) return fallback;
  return std::strtoll(body.data() + p + 1, nullptr, 10);
}

// A complete request in c.in starts a response; false when more bytes are needed.
bool Server::try_start(Conn& c) {
  const size_t end = c.in.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  const std::string_view head(c.in.data(), end);
  int64_t length = 0;
  for (const char* key : {"Content-Length:", "content-length:"}) {
    const size_t k = head.find(key);
    if (k != std::string_view::npos)
      length = std::strtoll(c.in.data() + k + std::strlen(key), nullptr, 10);
  }
  if (c.in.size() < end + 4 + static_cast<size_t>(length)) return false;
  const std::string_view body(c.in.data() + end + 4, static_cast<size_t>(length));
  int64_t tokens = number_after(body, "\"max_tokens\"", default_tokens_);
  tokens = number_after(body, "\"max_completion_tokens\"", tokens);
  c.in.erase(0, end + 4 + static_cast<size_t>(length));
  c.streaming = true;
  c.tokens = std::max<int64_t>(1, tokens);
  c.sent = 0;
  c.t0_ns = mono_ns();
  c.out.append(kHead);
  return true;
}

// Appends the chunks due now (paced: one; unpaced: up to ~64 KiB) and the tail after the last.
void Server::render(Conn& c, int64_t now_ns) {
  const size_t budget = itl_ns_ > 0 ? 0 : 64 * 1024;
  do {
    const bool last = c.sent + 1 == c.tokens;
    (last ? kLast : kToken).append(c.out, mono_ns());
    ++c.sent;
    if (last) {
      c.out += tail_bytes(c.tokens);
      c.streaming = false;
      return;
    }
  } while (c.out.size() - c.out_pos < budget);
  if (itl_ns_ > 0) due_.push(Due{c.t0_ns + c.sent * itl_ns_, c.fd});
  (void)now_ns;
}

// Writes what is pending; false when the connection died.
bool Server::flush(Conn& c) {
  while (c.out_pos < c.out.size()) {
    const ssize_t n = send(c.fd, c.out.data() + c.out_pos, c.out.size() - c.out_pos, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN) {
        set_out_interest(c, true);
        return true;
      }
      return false;
    }
    c.out_pos += static_cast<size_t>(n);
  }
  c.out.clear();
  c.out_pos = 0;
  set_out_interest(c, itl_ns_ == 0 && c.streaming);
  return true;
}

void Server::on_readable(Conn& c) {
  char buf[16384];
  for (;;) {
    const ssize_t n = recv(c.fd, buf, sizeof buf, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN)) {
      drop(c);
      return;
    }
    if (n < 0) break;
    c.in.append(buf, static_cast<size_t>(n));
  }
  if (!c.streaming && try_start(c)) {
    render(c, mono_ns());
    if (!flush(c)) drop(c);
  }
}

void Server::on_writable(Conn& c) {
  if (c.out_pos >= c.out.size() && c.streaming && itl_ns_ == 0) render(c, mono_ns());
  if (!flush(c)) {
    drop(c);
    return;
  }
  // A finished response: the next request may already be buffered (keep-alive).
  if (!c.streaming && c.out.empty() && try_start(c)) {
    render(c, mono_ns());
    if (!flush(c)) drop(c);
  }
}

void Server::serve() {
  std::vector<epoll_event> events(1024);
  for (;;) {
    int64_t now = mono_ns();
    while (!due_.empty() && due_.top().at_ns <= now) {
      const Due d = due_.top();
      due_.pop();
      Conn* c = static_cast<size_t>(d.fd) < conns_.size() ? conns_[static_cast<size_t>(d.fd)].get()
                                                          : nullptr;
      if (c == nullptr || !c->streaming) continue;
      render(*c, now);
      if (!flush(*c)) drop(*c);
      now = mono_ns();
    }
    timespec timeout{1, 0};
    if (!due_.empty()) {
      const int64_t wait = std::max<int64_t>(0, due_.top().at_ns - mono_ns());
      timeout =
          timespec{static_cast<time_t>(wait / 1000000000), static_cast<long>(wait % 1000000000)};
    }
    const int n =
        epoll_pwait2(ep_, events.data(), static_cast<int>(events.size()), &timeout, nullptr);
    for (int i = 0; i < n; ++i) {
      const int fd = events[static_cast<size_t>(i)].data.fd;
      if (fd == listen_fd_) {
        accept_all();
        continue;
      }
      Conn* c =
          static_cast<size_t>(fd) < conns_.size() ? conns_[static_cast<size_t>(fd)].get() : nullptr;
      if (c == nullptr) continue;
      const uint32_t e = events[static_cast<size_t>(i)].events;
      if ((e & EPOLLOUT) != 0) {
        on_writable(*c);
        c = conns_[static_cast<size_t>(fd)].get();
      }
      if (c != nullptr && (e & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) on_readable(*c);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  int64_t itl_us = 0;
  int64_t tokens = 100;
  int port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--itl-us")
      itl_us = std::atoll(argv[i + 1]);
    else if (flag == "--tokens")
      tokens = std::atoll(argv[i + 1]);
    else if (flag == "--port")
      port = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "sonde_blaster: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  Server server(itl_us * 1000, tokens);
  const int bound = server.listen_on(port);
  if (bound < 0) return 1;
  std::printf("port %d\n", bound);
  std::fflush(stdout);
  server.serve();
  return 0;
}
