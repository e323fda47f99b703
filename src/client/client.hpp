#pragma once
// Streaming OpenAI-compatible client: an epoll event loop that sends prepared requests
// in the order and at the pace a DispatchPlan allows, timestamps every SSE chunk as its bytes
// arrive, and hands each finished request to a sink as a RequestRecord.
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "results/client_health.hpp"  // ClientHealth, filled by run_plan
#include "results/record.hpp"
#include "util/clock.hpp"

namespace sonde {

struct PreparedRequest;

struct Timeouts {
  double connect_s = 10;       // TCP/TLS connect
  double first_token_s = 600;  // start -> first text-bearing chunk
  double idle_s = 120;         // longest silence between chunks after the first text chunk
  double total_s = 1800;       // start -> end of stream
};

// How measured requests travel. native: sonde's own HTTP/1.1 reader on epoll for plain http://
// targets (one recv per ready socket, no per-read poll), falling back to libcurl for https,
// proxies and anything else; curl: libcurl for everything (`--http-client`).
enum class ClientTransport { native, curl };

struct ClientConfig {
  std::string base_url;                // "http://host:port" (no trailing slash)
  std::string endpoint;                // "/v1/chat/completions" or "/v1/completions"
  std::optional<std::string> api_key;  // sent as "Authorization: Bearer"; never logged
  Timeouts timeouts;
  double time_scale = 1;  // every measured duration is multiplied by this
  // Event-loop threads, each with its own transport and a round-robin share of the
  // requests and of max_in_flight. 0 = one per spare core (hardware threads - 1, at least 1).
  int threads = 0;
  // Open a new TCP connection for every request and close it afterwards (models cold clients);
  // false = HTTP keep-alive, connections reused across requests (the default).
  bool new_connection_per_request = false;
  ClientTransport transport = ClientTransport::native;
  // curl-style "HOST:PORT:ADDR[,ADDR...]" entries (IPv6 in brackets): connect to these addresses
  // for HOST:PORT instead of resolving it, in both transports (like `curl --resolve`).
  std::vector<std::string> resolve;
  // When *stop becomes true, nothing more is sent and in-flight requests get this long to finish
  // before they are recorded as `cancelled` (`--grace-s`; 0 = cancel them at once).
  double grace_s = 0;
  // Extra attempts for a request that failed before the server answered it (retriable(), see
  // client/retry.hpp), sent at once on the same slot; 0 = never retry (`--retries`).
  int retries = 0;
  // Diagnostics/benchmarks only: called for every SSE data payload with the instant its bytes
  // were read, from the worker thread that owns the request (so it must be thread-safe when
  // threads > 1). Empty (the default) costs one branch per chunk.
  std::function<void(const PreparedRequest& req, std::string_view payload, Clock::time_point read_at)> on_chunk;
};

struct PreparedRequest {
  std::string scenario;      // copied into the record
  int index = 0;             // position in the scenario
  std::string x_request_id;  // unique per request
  std::string body;          // JSON body, already complete ("stream": true etc.)
  int64_t input_tokens_target = 0;
  int64_t output_tokens_target = 0;
  int round = 0;  // burst round; round r+1 starts when round r has finished
  std::optional<double> intended_offset_s;  // open loop: send at epoch + offset (unscaled s)
  std::optional<int64_t> row;  // dataset row / trace line it came from (copied to the record)
  // Conversations: the chat session (0-based user) and 1-based turn (copied to the record).
  std::optional<int> session;
  std::optional<int> turn;
  // Keep the reply's text for DispatchPlan::follow_up (a buffer reserved when the request
  // starts; off, the default, keeps the per-chunk path free of allocation).
  bool keep_reply = false;
};

// The record of `req` before it is sent: the fields a record copies from its request (scenario,
// index, x_request_id, targets, row, session, turn), in one place for sent and unsent requests.
RequestRecord record_of(const PreparedRequest& req);

// A request that only exists once an earlier one has finished (a conversation's next turn):
// called with the finished request `done`, its record, its reply text (empty unless
// done.keep_reply) and when it ended (real seconds since the epoch, as intended_offset_s);
// returns the request to send next, at its intended_offset_s, or nothing. Called on the worker
// thread that ran `done`, and a follow-up runs on that same worker: the requests descending
// from one plan request never see two threads, so state kept per session needs no lock.
using FollowUp = std::function<std::optional<PreparedRequest>(
    const PreparedRequest& done, const RequestRecord& record, std::string_view reply, double ended_s)>;

// How requests are released. One generic scheduler covers burst, closed loop and open loop:
// request i goes when every request of earlier rounds has finished, its intended instant (if
// any) has come, and fewer than max_in_flight are in flight. Follow-ups have no round; they go
// when their intended instant has come and a slot is free.
struct DispatchPlan {
  std::vector<PreparedRequest> requests;  // in send order
  int max_in_flight = 0;                  // 0 = unlimited
  FollowUp follow_up = {};                // empty: the plan is exactly `requests`
};

using RecordSink = std::function<void(RequestRecord&&)>;

// Ends a run_plan early from any thread (e.g. its own sink): nothing more is sent, and requests
// still in flight `grace_s` later are recorded with `kind` and `message`. The first request()
// wins.
class CancelToken {
 public:
  void request(ErrorKind kind, std::string message, double grace_s = 0) {
    std::lock_guard lock(mu_);
    if (flag_.load(std::memory_order_relaxed)) return;
    kind_ = kind;
    message_ = std::move(message);
    grace_s_ = grace_s;
    flag_.store(true, std::memory_order_release);
  }
  bool requested() const { return flag_.load(std::memory_order_acquire); }
  // Valid once requested() is true (never written again after that).
  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  double grace_s() const { return grace_s_; }

 private:
  std::mutex mu_;
  std::atomic<bool> flag_{false};
  ErrorKind kind_ = ErrorKind::cancelled;
  std::string message_;
  double grace_s_ = 0;
};

// Runs the plan to completion (or until *stop becomes true: unsent requests are dropped, in-flight
// ones get ClientConfig::grace_s to finish and are then recorded as `cancelled`; or until
// cancel->requested(): nothing more is sent, in-flight ones are recorded with its kind after its
// grace). `epoch` is the run's time origin for the records' instants.
// Calls `sink` once per request from the calling thread, as each finishes. With several threads
// (ClientConfig::threads) request i goes to worker i % threads, each worker gets its share of
// max_in_flight, and rounds stay global (round r+1 waits for every worker's round r).
// `health`, when given, receives the client's own load figures.
void run_plan(const ClientConfig& config, const DispatchPlan& plan, Clock::time_point epoch,
              const RecordSink& sink, const std::atomic<bool>* stop = nullptr,
              ClientHealth* health = nullptr, const CancelToken* cancel = nullptr);

// The number of event-loop threads run_plan will use for `config` and `plan`.
int client_threads(const ClientConfig& config, const DispatchPlan& plan);

}  // namespace sonde
