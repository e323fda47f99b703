// The native transport inside a Worker: a non-blocking connection per request (kept alive in a
// per-worker idle pool), the request written with sendmsg, and one recv per readiness into
// Http1Response, whose body bytes go straight to Transfer::on_bytes. Outcomes are given to the
// Transfer as the CURLcode curl would have reported, so both transports classify errors alike.
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "client/worker.hpp"

namespace sonde {

std::string Worker::connect_failure(int err) const {
  std::string m = "Failed to connect to " + native_->host + " port " + std::to_string(native_->port) +
                  ": " + std::strerror(err);
  if (err == EMFILE || err == ENFILE) m += " (raise `ulimit -n`)";
  return m;
}

void Worker::watch(Transfer* t, bool want_out, int op) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET | (want_out ? EPOLLOUT : 0u);
  ev.data.ptr = t;
  epoll_ctl(epoll_fd_, op, t->io().fd, &ev);
}

void Worker::send_native(Transfer* t, bool fresh) {
  NativeIo& io = t->io();
  io.sent = 0;
  io.got_bytes = false;
  io.addr_tries = 0;
  io.response.reset();
  if (fresh || config_.new_connection_per_request || idle_.empty()) {
    connect_native(t);
    return;
  }
  io.fd = idle_.back();
  idle_.pop_back();
  io.reused = true;
  io.connecting = false;
  t->start(Clock::now());
  next_deadline_ = std::min(next_deadline_, t->next_deadline());
  watch(t, true, EPOLL_CTL_ADD);
  pump_send(t);
}

void Worker::connect_native(Transfer* t) {
  NativeIo& io = t->io();
  for (;;) {
    bool in_progress = false;
    const int fd = start_connect(native_->addrs[addr_index_], &in_progress);
    if (fd < 0) {
      if (next_address(t)) continue;
      t->start(Clock::now());
      end_native(t, CURLE_COULDNT_CONNECT, connect_failure(-fd));
      return;
    }
    io.fd = fd;
    io.reused = false;
    io.connecting = in_progress;
    t->start(Clock::now(), in_progress);
    next_deadline_ = std::min(next_deadline_, t->next_deadline());
    watch(t, true, EPOLL_CTL_ADD);
    if (!in_progress) {
      t->sending(Clock::now());
      pump_send(t);
    }
    return;
  }
}

// After a failed connect: the endpoint's next address, which later connects then try first.
bool Worker::next_address(Transfer* t) {
  NativeIo& io = t->io();
  if (io.addr_tries + 1 >= native_->addrs.size()) return false;
  ++io.addr_tries;
  addr_index_ = (addr_index_ + 1) % native_->addrs.size();
  return true;
}

void Worker::on_native_event(Transfer* t, uint32_t events) {
  NativeIo& io = t->io();
  if (io.fd < 0) return;  // ended earlier in this batch
  if (io.connecting) {
    if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) == 0) return;  // a connect ends writable or failed
    const int err = connect_result(io.fd);
    if (err == EINPROGRESS || err == EALREADY) return;
    if (err != 0) {
      if (next_address(t)) {
        release_native(t, false);
        connect_native(t);
      } else {
        end_native(t, CURLE_COULDNT_CONNECT, connect_failure(err));
      }
      return;
    }
    io.connecting = false;
    t->sending(Clock::now());
    if (!pump_send(t)) return;
  } else if ((events & EPOLLOUT) != 0 && io.sent < io.head.size() + t->request().body.size()) {
    if (!pump_send(t)) return;
  }
  if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)) == 0) return;
  // Edge-triggered: read until a short read (which emptied the socket; later bytes raise a new
  // edge), so no recv is spent on EAGAIN and epoll need not re-poll every ready socket. A close
  // that came with the bytes raises no later edge: then read on until recv says so.
  const bool closing = (events & (EPOLLRDHUP | EPOLLERR | EPOLLHUP)) != 0;
  for (;;) {
    const ReadResult r = read_native(t);
    if (r == ReadResult::again || (r == ReadResult::short_read && closing)) continue;
    break;
  }
}

bool Worker::pump_send(Transfer* t) {
  NativeIo& io = t->io();
  const std::string& body = t->request().body;
  const long sent = send_request(io.fd, io.head, body, io.sent);
  if (sent < 0) {
    if (revive_native(t)) return false;
    end_native(t, CURLE_SEND_ERROR, std::string("Send failure: ") + std::strerror(static_cast<int>(-sent)));
    return false;
  }
  const bool was_pending = io.sent < io.head.size() + body.size();
  io.sent = static_cast<std::size_t>(sent);
  const bool pending = io.sent < io.head.size() + body.size();
  if (was_pending && !pending) watch(t, false, EPOLL_CTL_MOD);  // all out: only reads matter now
  return true;
}

Worker::ReadResult Worker::read_native(Transfer* t) {
  NativeIo& io = t->io();
  const ssize_t n = recv(io.fd, read_buf_.data(), read_buf_.size(), 0);
  const Clock::time_point now = Clock::now();  // one timestamp for every event in this read
  if (n < 0) {
    if (errno == EINTR) return ReadResult::again;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return ReadResult::blocked;
    const int err = errno;
    if (!revive_native(t)) end_native(t, CURLE_RECV_ERROR, std::string("Recv failure: ") + std::strerror(err));
    return ReadResult::ended;
  }
  if (n == 0) {
    io.response.eof();
    if (io.response.complete()) {
      end_native(t, CURLE_OK, "");
    } else if (revive_native(t)) {
      return ReadResult::ended;
    } else if (!io.got_bytes) {
      end_native(t, CURLE_GOT_NOTHING, "Empty reply from server");
    } else if (!io.response.head_done()) {
      end_native(t, CURLE_RECV_ERROR, "connection closed in the middle of the response head");
    } else {
      end_native(t, CURLE_PARTIAL_FILE, "transfer closed with outstanding read data remaining");
    }
    return ReadResult::ended;
  }
  io.got_bytes = true;
  std::string_view in(read_buf_.data(), static_cast<std::size_t>(n));
  while (!in.empty()) {
    const std::string_view body = io.response.next_body(in);
    if (io.response.failed()) {
      end_native(t, CURLE_WEIRD_SERVER_REPLY, io.response.error());
      return ReadResult::ended;
    }
    if (io.response.head_done()) t->assume_status(io.response.status());
    if (!body.empty() && !t->on_bytes(body, now)) {
      end_native(t, CURLE_WRITE_ERROR, "the response was abandoned");
      return ReadResult::ended;
    }
  }
  if (io.response.complete()) {
    end_native(t, CURLE_OK, "");
    return ReadResult::ended;
  }
  // A full buffer: more may be waiting.
  return static_cast<std::size_t>(n) == read_buf_.size() ? ReadResult::again : ReadResult::short_read;
}

// A keep-alive connection can be closed by the server while idle; the request then fails before
// any answer. Like curl, send it once more on a new connection.
bool Worker::revive_native(Transfer* t) {
  NativeIo& io = t->io();
  if (!io.reused || io.got_bytes) return false;
  release_native(t, false);
  send_native(t, true);
  return true;
}

void Worker::end_native(Transfer* t, CURLcode code, const std::string& detail) {
  NativeIo& io = t->io();
  const bool keep = code == CURLE_OK && io.response.reusable() && !config_.new_connection_per_request &&
                    io.sent == io.head.size() + t->request().body.size();
  release_native(t, keep);
  finish(t, t->complete(code, detail, Clock::now()));
}

void Worker::release_native(Transfer* t, bool keep) {
  NativeIo& io = t->io();
  if (io.fd < 0) return;
  if (keep && idle_.size() < idle_cap_) {
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, io.fd, nullptr);
    idle_.push_back(io.fd);
  } else {
    close(io.fd);  // also leaves the epoll set
  }
  io.fd = -1;
  io.connecting = false;
}

}  // namespace sonde
