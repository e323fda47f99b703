#pragma once
// The seam between a Worker (what to send when, deadlines, retries, cancellation, grace) and the
// wire (how bytes reach the server and come back), in the shape of h2load's Session: start a
// request (connect + write), on-event (the socket is ready), close, and an outcome handed back.
// One implementation per way of talking HTTP: NativeTransport (sonde's HTTP/1.1 on epoll) and
// CurlTransport (libcurl multi). The Worker never asks which one it has. Internal to the client.
#include <sys/epoll.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "client/client.hpp"
#include "util/clock.hpp"

namespace sonde {

class Transfer;

// How an attempt ended on the wire, in sonde's words. Transfer::complete turns it into the
// recorded error kind (docs/metrics.md), the same for every transport.
enum class TransportOutcome {
  ok,               // the response arrived whole
  resolve_failed,   // the host (or proxy) name did not resolve
  connect_failed,   // no connection to any address of the host
  connect_timeout,  // the connection was not up within Timeouts::connect_s
  send_error,       // writing the request failed
  recv_error,       // reading failed, or the connection closed inside the response head
  got_nothing,      // the connection closed before any response byte
  partial,          // the connection closed inside the response body
  bad_reply,        // the response is not valid HTTP/1.x
  abandoned,        // Transfer::on_bytes asked to stop reading (a fatal chunk)
  failed,           // any other transport failure (the detail says which)
};

// What a transport tells its Worker. Called on the Worker's thread, from inside Transport calls.
class TransportSink {
 public:
  // `t` began an attempt (or restarted one on a new connection): its deadlines moved.
  virtual void started(Transfer& t) = 0;
  // `t`'s attempt ended; the transport holds nothing of it any more. `detail`: the transport's
  // own words for a failure ("" when ok).
  virtual void ended(Transfer& t, TransportOutcome outcome, const std::string& detail) = 0;

 protected:
  ~TransportSink() = default;
};

class Transport {
 public:
  virtual ~Transport() = default;

  // "native" or "curl": what carried the requests (ClientHealth::transport).
  virtual const char* name() const = 0;
  // Sends `t` (Transfer::prepare'd): connects or reuses a connection and writes the request. May
  // end it at once through TransportSink::ended.
  virtual void start(Transfer& t) = 0;
  // One ready socket this transport put into the Worker's epoll set.
  virtual void on_event(const epoll_event& ev) = 0;
  // After each batch of events and each loop turn: runs timers that are due at `now` and hands
  // over attempts that ended meanwhile.
  virtual void poll(Clock::time_point now) = 0;
  // The transport's own next timer, if any; the Worker wakes for it and calls poll().
  virtual std::optional<Clock::time_point> due() const = 0;
  // Stops `t`'s I/O without an outcome (the Worker ends it: timeout, cancellation, retry). Also
  // reads what the transport knows of the response (its status) into `t` first. Idempotent.
  virtual void close(Transfer& t) = 0;
};

// What a transport is built from.
struct TransportSetup {
  const ClientConfig& config;  // timeouts, credentials, connection reuse, transport choice
  std::string url;             // base_url + endpoint: where every request is POSTed
  int epoll_fd = -1;           // the Worker's epoll set: register sockets here
  std::size_t idle_cap = 4;    // most idle keep-alive connections kept
  TransportSink& sink;         // where outcomes go
};

using TransportFactory = std::function<std::unique_ptr<Transport>(const TransportSetup&)>;

// The native transport when it can serve setup.url (see native_endpoint), else libcurl.
std::unique_ptr<Transport> make_transport(const TransportSetup& setup);

}  // namespace sonde
