#include "client/native_transport.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sonde {
namespace {

constexpr std::size_t kReadBuffer = 256 * 1024;

}  // namespace

NativeTransport::NativeTransport(const TransportSetup& setup, NativeEndpoint endpoint)
    : config_(setup.config), endpoint_(std::move(endpoint)), epoll_fd_(setup.epoll_fd),
      idle_cap_(setup.idle_cap), sink_(setup.sink), read_buf_(kReadBuffer) {}

NativeTransport::~NativeTransport() {
  for (const int fd : idle_) ::close(fd);
}

std::string NativeTransport::connect_failure(int err) const {
  std::string m = "Failed to connect to " + endpoint_.host + " port " +
                  std::to_string(endpoint_.port) + ": " + std::strerror(err);
  if (err == EMFILE || err == ENFILE) m += " (raise `ulimit -n`)";
  return m;
}

void NativeTransport::watch(Transfer& t, bool want_out, int op) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET | (want_out ? EPOLLOUT : 0u);
  ev.data.ptr = &t;
  epoll_ctl(epoll_fd_, op, io(t).fd, &ev);
}

void NativeTransport::start(Transfer& t) {
  if (t.io() == nullptr) t.set_io(std::make_unique<NativeIo>());  // once per pooled Transfer
  build_request_head(endpoint_, config_, t.request(), io(t).head);
  send(t, false);
}

void NativeTransport::send(Transfer& t, bool fresh) {
  NativeIo& c = io(t);
  c.sent = 0;
  c.got_bytes = false;
  c.addr_tries = 0;
  c.response.reset();
  if (fresh || config_.new_connection_per_request || idle_.empty()) {
    connect(t);
    return;
  }
  c.fd = idle_.back();
  idle_.pop_back();
  c.reused = true;
  c.connecting = false;
  t.start(Clock::now());
  sink_.started(t);
  watch(t, true, EPOLL_CTL_ADD);
  pump_send(t);
}

void NativeTransport::connect(Transfer& t) {
  NativeIo& c = io(t);
  for (;;) {
    bool in_progress = false;
    const int fd = start_connect(endpoint_.addrs[addr_index_], &in_progress);
    if (fd < 0) {
      if (next_address(t)) continue;
      t.start(Clock::now());
      end(t, TransportOutcome::connect_failed, connect_failure(-fd));
      return;
    }
    c.fd = fd;
    c.reused = false;
    c.connecting = in_progress;
    t.start(Clock::now(), in_progress);
    sink_.started(t);
    watch(t, true, EPOLL_CTL_ADD);
    if (!in_progress) {
      t.sending(Clock::now());
      pump_send(t);
    }
    return;
  }
}

// After a failed connect: the endpoint's next address, which later connects then try first.
bool NativeTransport::next_address(Transfer& t) {
  NativeIo& c = io(t);
  if (c.addr_tries + 1 >= endpoint_.addrs.size()) return false;
  ++c.addr_tries;
  addr_index_ = (addr_index_ + 1) % endpoint_.addrs.size();
  return true;
}

void NativeTransport::on_event(const epoll_event& ev) {
  Transfer& t = *static_cast<Transfer*>(ev.data.ptr);
  const uint32_t events = ev.events;
  NativeIo& c = io(t);
  if (c.fd < 0) return;  // ended earlier in this batch
  if (c.connecting) {
    if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) == 0)
      return;  // a connect ends writable or failed
    const int err = connect_result(c.fd);
    if (err == EINPROGRESS || err == EALREADY) return;
    if (err != 0) {
      if (next_address(t)) {
        release(t, false);
        connect(t);
      } else {
        end(t, TransportOutcome::connect_failed, connect_failure(err));
      }
      return;
    }
    c.connecting = false;
    t.sending(Clock::now());
    if (!pump_send(t)) return;
  } else if ((events & EPOLLOUT) != 0 && c.sent < c.head.size() + t.request().body.size()) {
    if (!pump_send(t)) return;
  }
  if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)) == 0) return;
  // Edge-triggered: read until a short read (which emptied the socket; later bytes raise a new
  // edge), so no recv is spent on EAGAIN and epoll need not re-poll every ready socket. A close
  // that came with the bytes raises no later edge: then read on until recv says so.
  const bool closing = (events & (EPOLLRDHUP | EPOLLERR | EPOLLHUP)) != 0;
  for (;;) {
    const ReadResult r = read(t);
    if (r == ReadResult::again || (r == ReadResult::short_read && closing)) continue;
    break;
  }
}

bool NativeTransport::pump_send(Transfer& t) {
  NativeIo& c = io(t);
  const std::string& body = t.request().body;
  const long sent = send_request(c.fd, c.head, body, c.sent);
  if (sent < 0) {
    if (revive(t)) return false;
    end(t, TransportOutcome::send_error,
        std::string("Send failure: ") + std::strerror(static_cast<int>(-sent)));
    return false;
  }
  const bool was_pending = c.sent < c.head.size() + body.size();
  c.sent = static_cast<std::size_t>(sent);
  const bool pending = c.sent < c.head.size() + body.size();
  if (was_pending && !pending) watch(t, false, EPOLL_CTL_MOD);  // all out: only reads matter now
  return true;
}

NativeTransport::ReadResult NativeTransport::read(Transfer& t) {
  NativeIo& c = io(t);
  const ssize_t n = recv(c.fd, read_buf_.data(), read_buf_.size(), 0);
  const Clock::time_point now = Clock::now();  // one timestamp for every event in this read
  if (n < 0) {
    if (errno == EINTR) return ReadResult::again;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return ReadResult::blocked;
    const int err = errno;
    if (!revive(t))
      end(t, TransportOutcome::recv_error, std::string("Recv failure: ") + std::strerror(err));
    return ReadResult::ended;
  }
  if (n == 0) {
    c.response.eof();
    if (c.response.complete()) {
      end(t, TransportOutcome::ok, "");
    } else if (revive(t)) {
      return ReadResult::ended;
    } else if (!c.got_bytes) {
      end(t, TransportOutcome::got_nothing, "Empty reply from server");
    } else if (!c.response.head_done()) {
      end(t, TransportOutcome::recv_error, "connection closed in the middle of the response head");
    } else {
      end(t, TransportOutcome::partial, "transfer closed with outstanding read data remaining");
    }
    return ReadResult::ended;
  }
  c.got_bytes = true;
  std::string_view in(read_buf_.data(), static_cast<std::size_t>(n));
  while (!in.empty()) {
    const std::string_view body = c.response.next_body(in);
    if (c.response.failed()) {
      end(t, TransportOutcome::bad_reply, c.response.error());
      return ReadResult::ended;
    }
    if (c.response.head_done()) t.assume_status(c.response.status());
    if (!body.empty() && !t.on_bytes(body, now)) {
      end(t, TransportOutcome::abandoned, "the response was abandoned");
      return ReadResult::ended;
    }
  }
  if (c.response.complete()) {
    end(t, TransportOutcome::ok, "");
    return ReadResult::ended;
  }
  // A full buffer: more may be waiting.
  return static_cast<std::size_t>(n) == read_buf_.size() ? ReadResult::again : ReadResult::short_read;
}

// A keep-alive connection can be closed by the server while idle; the request then fails before
// any answer. Like curl, send it once more on a new connection.
bool NativeTransport::revive(Transfer& t) {
  NativeIo& c = io(t);
  if (!c.reused || c.got_bytes) return false;
  release(t, false);
  send(t, true);
  return true;
}

void NativeTransport::end(Transfer& t, TransportOutcome outcome, const std::string& detail) {
  NativeIo& c = io(t);
  const bool keep = outcome == TransportOutcome::ok && c.response.reusable() &&
                    !config_.new_connection_per_request &&
                    c.sent == c.head.size() + t.request().body.size();
  release(t, keep);
  sink_.ended(t, outcome, detail);
}

void NativeTransport::release(Transfer& t, bool keep) {
  NativeIo* c = static_cast<NativeIo*>(t.io());
  if (c == nullptr || c->fd < 0) return;
  if (keep && idle_.size() < idle_cap_) {
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c->fd, nullptr);
    idle_.push_back(c->fd);
  } else {
    ::close(c->fd);  // also leaves the epoll set
  }
  c->fd = -1;
  c->connecting = false;
}

}  // namespace sonde
