#pragma once
// sonde's own HTTP/1.1 transport for plain-http targets: a non-blocking connection per request
// (kept alive in a per-worker idle pool), the request written with sendmsg, edge-triggered epoll
// and one recv per readiness into Http1Response, whose body bytes go straight to
// Transfer::on_bytes with one timestamp per read. Internal to the client.
#include <cstdint>
#include <string>
#include <vector>

#include "client/http1_response.hpp"
#include "client/native_http.hpp"
#include "client/transfer.hpp"
#include "client/transport.hpp"

namespace sonde {

// The per-request connection state, kept with its Transfer.
class NativeIo final : public TransferIo {
 public:
  int fd = -1;                 // the connection, -1 when none
  bool reused = false;         // taken from the idle pool (may have died while idle)
  bool connecting = false;     // connect() in progress
  std::size_t sent = 0;        // bytes of head + body written
  std::string head;            // request line and headers
  Http1Response response;      // the response being read
  bool got_bytes = false;      // any response byte arrived on this connection for this attempt
  std::size_t addr_tries = 0;  // addresses of the endpoint that failed to connect for it
};

class NativeTransport final : public Transport {
 public:
  NativeTransport(const TransportSetup& setup, NativeEndpoint endpoint);
  ~NativeTransport() override;
  NativeTransport(const NativeTransport&) = delete;
  NativeTransport& operator=(const NativeTransport&) = delete;

  const char* name() const override { return "native"; }
  void start(Transfer& t) override;
  void on_event(const epoll_event& ev) override;
  void poll(Clock::time_point) override {}
  std::optional<Clock::time_point> due() const override { return std::nullopt; }
  void close(Transfer& t) override { release(t, false); }

 private:
  enum class ReadResult { again, short_read, blocked, ended };  // ended: the attempt ended

  static NativeIo& io(Transfer& t) { return *static_cast<NativeIo*>(t.io()); }
  void send(Transfer& t, bool fresh);  // connects (or reuses) and starts sending
  void connect(Transfer& t);           // a new connection, trying each address in turn
  bool next_address(Transfer& t);
  bool pump_send(Transfer& t);  // false when the attempt ended
  ReadResult read(Transfer& t);
  bool revive(Transfer& t);  // a reused connection died unanswered: reconnect
  void end(Transfer& t, TransportOutcome outcome, const std::string& detail);
  void release(Transfer& t, bool keep);
  void watch(Transfer& t, bool want_out, int op);
  std::string connect_failure(int err) const;

  const ClientConfig& config_;
  const NativeEndpoint endpoint_;
  const int epoll_fd_;
  const std::size_t idle_cap_;
  TransportSink& sink_;
  std::vector<int> idle_;       // keep-alive connections not in use
  std::size_t addr_index_ = 0;  // endpoint_.addrs entry new connections try first
  std::vector<char> read_buf_;  // recv buffer, reused
};

}  // namespace sonde
