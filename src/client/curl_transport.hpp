#pragma once
// libcurl as a transport, for https, proxies and `--http-client curl`: one curl multi handle per
// Worker driven by curl_multi_socket_action over the Worker's epoll set (curl_multi_perform would
// visit every transfer), one easy handle per Transfer. curl's CURLcode becomes a TransportOutcome
// here and nowhere else. Internal to the client.
#include <curl/curl.h>

#include <optional>
#include <string>

#include "client/transfer.hpp"
#include "client/transport.hpp"

namespace sonde {

// The per-request easy handle and what it points at, kept with its Transfer.
class CurlIo final : public TransferIo {
 public:
  explicit CurlIo(const ClientConfig& config);
  ~CurlIo() override;
  CurlIo(const CurlIo&) = delete;
  CurlIo& operator=(const CurlIo&) = delete;

  CURL* easy = nullptr;              // the handle, reused across requests
  curl_slist* headers = nullptr;     // request headers of the current request
  curl_slist* resolve = nullptr;     // ClientConfig::resolve for CURLOPT_RESOLVE
  char error[CURL_ERROR_SIZE] = {};  // curl's words for a failure
  Transfer* transfer = nullptr;      // the Transfer this belongs to
  bool added = false;                // in the multi handle now
};

// The one place a CURLcode is read: what it means on the wire.
TransportOutcome outcome_of(CURLcode code);

class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(const TransportSetup& setup);
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  const char* name() const override { return "curl"; }
  void start(Transfer& t) override;
  void on_event(const epoll_event& ev) override;
  void poll(Clock::time_point now) override;
  std::optional<Clock::time_point> due() const override { return due_; }
  void close(Transfer& t) override;

 private:
  static int on_socket(CURL* easy, curl_socket_t s, int what, void* self, void* socketp);
  static int on_timer(CURLM* multi, long timeout_ms, void* self);
  static size_t on_write(char* data, size_t size, size_t count, void* io);
  static int on_prereq(void* io, char* remote_ip, char* local_ip, int remote_port, int local_port);
  void prepare(CurlIo& c, const PreparedRequest& req);
  void collect_completed();

  const ClientConfig& config_;
  const std::string url_;
  const int epoll_fd_;
  TransportSink& sink_;
  CURLM* multi_ = nullptr;
  std::optional<Clock::time_point> due_;  // curl's own timer (connects, retries)
};

}  // namespace sonde
