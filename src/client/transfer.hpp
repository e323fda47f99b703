#pragma once
// One streamed request inside run_plan's event loop: owns its curl easy handle and header list
// (curl transport) or its connection state (native transport), timestamps bytes as they arrive,
// interprets SSE events, and turns the outcome into a RequestRecord per METRICS.md. Reused
// across requests (the handle and buffers are kept).
#include <curl/curl.h>

#include <optional>
#include <string>

#include "client/chunk.hpp"
#include "client/client.hpp"
#include "client/http1_response.hpp"
#include "client/native_http.hpp"
#include "client/sse.hpp"
#include "results/record.hpp"
#include "util/clock.hpp"

namespace sonde {

// The native transport's per-request connection state; the worker drives it.
struct NativeIo {
  int fd = -1;                 // the connection, -1 when none
  bool reused = false;         // taken from the idle pool (may have died while idle)
  bool connecting = false;     // connect() in progress
  std::size_t sent = 0;        // bytes of head + body written
  std::string head;            // request line and headers
  Http1Response response;
  bool got_bytes = false;      // any response byte arrived on this connection for this attempt
  std::size_t addr_tries = 0;  // addresses of the endpoint that failed to connect for it
};

class Transfer {
 public:
  Transfer(const ClientConfig& config, ChunkReader& reader, Clock::time_point epoch);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // Prepares the easy handle for `req` (POST to `url`); call start() right before adding it.
  void prepare(const std::string& url, const PreparedRequest& req, std::optional<Clock::time_point> intended);
  // The same for the native transport: builds the request head; the worker connects.
  void prepare_native(const NativeEndpoint& ep, const PreparedRequest& req,
                      std::optional<Clock::time_point> intended);
  // Records `start` (= now) and, without an intended instant, intended_start = start. A native
  // transfer that must connect first gets a connect deadline; sending() restamps `start`.
  void start(Clock::time_point now, bool connecting = false);
  // Native transport: the connection is up and the request is going out now.
  void sending(Clock::time_point now);

  bool native() const { return native_; }
  NativeIo& io() { return io_; }

  CURL* easy() const { return easy_; }
  const PreparedRequest& request() const { return *req_; }
  Clock::time_point started() const { return start_; }
  // When the schedule wanted it sent (set by start()); a retry keeps the first attempt's.
  Clock::time_point intended_start() const { return intended_.value_or(start_); }

  // The first deadline (first token / idle / total) this transfer can miss.
  Clock::time_point next_deadline() const;
  // The timeout kind whose deadline has passed at `now`, or "" if none.
  const char* expired(Clock::time_point now) const;

  // The write path: timestamps and parses the next body bytes; false asks curl to abort. Public
  // so that tests can drive it without a socket (see assume_status).
  bool on_bytes(std::string_view bytes, Clock::time_point now);
  // Test seam: the HTTP status as if the response head had arrived (no curl transfer ran).
  void assume_status(long status) { status_ = status; }

  // curl reported the transfer finished with `result`.
  RequestRecord complete(CURLcode result, Clock::time_point now);
  // The native transport ended it with the outcome curl would have reported (so both transports
  // classify alike); `detail` stands for curl's error text.
  RequestRecord complete(CURLcode result, const std::string& detail, Clock::time_point now);
  // The loop ended it (timeout or cancellation) with this error kind.
  RequestRecord abort(const std::string& kind, const std::string& message, Clock::time_point now);

 private:
  static size_t on_write(char* data, size_t size, size_t count, void* self);
  static int on_prereq(void* self, char* remote_ip, char* local_ip, int remote_port, int local_port);
  void on_event(std::string_view payload);
  void reset_for(const PreparedRequest& req, std::optional<Clock::time_point> intended);
  void set_error(std::string kind, std::string message);
  void fetch_status();
  void classify_curl_result(CURLcode result);
  RequestRecord finish(Clock::time_point end);
  double rel_ms(Clock::time_point t) const;
  double dur_ms(Clock::time_point from, Clock::time_point to) const;

  const ClientConfig& config_;
  ChunkReader& reader_;
  const Clock::time_point epoch_;
  CURL* easy_ = nullptr;
  curl_slist* headers_ = nullptr;
  curl_slist* resolve_ = nullptr;                // ClientConfig::resolve for CURLOPT_RESOLVE
  char curl_error_[CURL_ERROR_SIZE] = {};
  SseParser sse_;
  const PreparedRequest* req_ = nullptr;
  bool native_ = false;
  NativeIo io_;

  // Per-request state, reset by prepare().
  RequestRecord rec_;
  std::optional<Clock::time_point> intended_;
  Clock::time_point start_{};
  std::optional<Clock::time_point> connect_by_;  // native: connect must finish by then
  Clock::time_point now_{};                      // timestamp of the bytes being parsed
  std::optional<Clock::time_point> last_byte_;   // last body bytes received
  std::optional<Clock::time_point> first_text_;  // first text-bearing chunk
  Clock::time_point last_text_{};                // latest text-bearing chunk
  std::optional<Clock::time_point> done_at_;     // `data: [DONE]` arrived
  long status_ = 0;                              // HTTP status, 0 until the first body byte
  std::string error_body_;                       // body of a non-2xx response (capped)
  int64_t text_chunks_ = 0;                      // text-bearing chunks seen
  std::optional<int64_t> usage_completion_;      // usage.completion_tokens
  bool abort_requested_ = false;                 // write callback asks curl to stop
};

}  // namespace sonde
