#pragma once
// One streamed request inside run_plan's event loop, whatever carries it: timestamps bytes as they
// arrive, interprets SSE events, and turns the outcome into a RequestRecord per docs/metrics.md.
// Reused across requests (buffers are kept, and so is the transport's per-request state).
#include <memory>
#include <optional>
#include <string>

#include "client/chunk.hpp"
#include "client/client.hpp"
#include "client/sse.hpp"
#include "client/transport.hpp"
#include "results/record.hpp"
#include "util/clock.hpp"

namespace sonde {

// A transport's per-request state (its connection, its handle), kept with the Transfer across
// reuse so that a pooled Transfer costs the transport no allocation.
class TransferIo {
 public:
  virtual ~TransferIo() = default;
};

class Transfer {
 public:
  Transfer(const ClientConfig& config, ChunkReader& reader, Clock::time_point epoch);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // Forgets the previous request and takes `req`; the transport then starts it.
  void prepare(const PreparedRequest& req, std::optional<Clock::time_point> intended);
  // Records `start` (= now) and, without an intended instant, intended_start = start. A transfer
  // that must connect first gets a connect deadline; sending() restamps `start`.
  void start(Clock::time_point now, bool connecting = false);
  // The connection is up and the request is going out now: connection set-up and the serialised
  // sending of a burst stay out of TTFT/E2E (they show as client_queue_ms instead).
  void sending(Clock::time_point now);

  // The transport's state for this transfer (null until the transport first sets it).
  TransferIo* io() const { return io_.get(); }
  void set_io(std::unique_ptr<TransferIo> io) { io_ = std::move(io); }

  const PreparedRequest& request() const { return *req_; }
  Clock::time_point started() const { return start_; }
  // When the schedule wanted it sent (set by start()); a retry keeps the first attempt's.
  Clock::time_point intended_start() const { return intended_.value_or(start_); }

  // The first deadline (connect / first token / idle / total) this transfer can miss.
  Clock::time_point next_deadline() const;
  // The timeout kind whose deadline has passed at `now`, or nullopt if none.
  std::optional<ErrorKind> expired(Clock::time_point now) const;

  // The read path: timestamps and parses the next body bytes; false asks the transport to stop.
  bool on_bytes(std::string_view bytes, Clock::time_point now);
  // The HTTP status of the response head (the transport sets it before the body's bytes).
  void assume_status(long status) { status_ = status; }
  long status() const { return status_; }  // 0 until the transport knows it
  // The answer text received so far; kept only when the request asked (keep_reply).
  const std::string& reply() const { return reply_; }

  // The transport ended the attempt with `outcome`; `detail` is its error text.
  RequestRecord complete(TransportOutcome outcome, const std::string& detail, Clock::time_point now);
  // The loop ended it (timeout or cancellation) with this error kind.
  RequestRecord abort(ErrorKind kind, const std::string& message, Clock::time_point now);

 private:
  void on_event(std::string_view payload);
  void set_error(ErrorKind kind, std::string message);
  void classify(TransportOutcome outcome, const std::string& detail);
  RequestRecord finish(Clock::time_point end);
  double rel_ms(Clock::time_point t) const;
  double dur_ms(Clock::time_point from, Clock::time_point to) const;

  const ClientConfig& config_;
  ChunkReader& reader_;
  const Clock::time_point epoch_;
  SseParser sse_;
  const PreparedRequest* req_ = nullptr;
  std::unique_ptr<TransferIo> io_;

  // Per-request state, reset by prepare().
  RequestRecord rec_;
  std::optional<Clock::time_point> intended_;
  Clock::time_point start_{};
  std::optional<Clock::time_point> connect_by_;    // connect must finish by then (native)
  Clock::time_point now_{};                        // timestamp of the bytes being parsed
  std::optional<Clock::time_point> last_byte_;     // last body bytes received
  std::optional<Clock::time_point> first_text_;    // first text-bearing chunk
  Clock::time_point last_text_{};                  // latest text-bearing chunk
  std::optional<Clock::time_point> first_answer_;  // first content/text chunk (TTFO)
  std::optional<Clock::time_point> done_at_;       // `data: [DONE]` arrived
  long status_ = 0;                                // HTTP status, 0 until the transport knows it
  std::string error_body_;                         // body of a non-2xx response (capped)
  int64_t text_chunks_ = 0;                        // text-bearing chunks seen
  std::optional<int64_t> usage_completion_;        // usage.completion_tokens
  int64_t reasoning_chunks_ = 0;                   // reasoning-bearing chunks seen
  std::optional<int64_t> usage_reasoning_;  // usage's completion_tokens_details.reasoning_tokens
  std::optional<int64_t> usage_cached_;     // usage's prompt_tokens_details.cached_tokens
  bool abort_requested_ = false;            // on_bytes asks the transport to stop
  std::string reply_;                       // answer text, when the request keeps it
};

}  // namespace sonde
