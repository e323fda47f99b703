#pragma once
// One event-loop thread of run_plan over its own epoll set, so a wake-up costs work only for the
// sockets that are ready. Plain-http targets use the native transport (worker_native.cpp: one
// recv per ready socket into Http1Response); others its own curl multi handle driven by
// curl_multi_socket_action (curl_multi_perform would visit every transfer). Internal to the client.
#include <sys/epoll.h>

#include <curl/curl.h>

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "client/chunk.hpp"
#include "client/client.hpp"
#include "client/native_http.hpp"
#include "client/round_gate.hpp"
#include "client/transfer.hpp"

namespace sonde {

class Worker {
 public:
  // `mine`: indices into plan.requests this worker sends, in send order; `max_in_flight`: its
  // share (0 = unlimited). `emit` receives each finished request's record on this thread.
  Worker(const ClientConfig& config, const DispatchPlan& plan, std::vector<std::size_t> mine,
         int max_in_flight, RoundGate& gate, Clock::time_point epoch,
         std::function<void(RequestRecord&&)> emit, const std::atomic<bool>* stop,
         const std::atomic<bool>* abort, const CancelToken* cancel = nullptr);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Runs this worker's share to completion or stop; call once, on the thread that owns it.
  void run();
  // Thread-safe: interrupts the poll so that the gate and stop flags are re-checked.
  void wake();

  double max_backlog_ms() const { return max_backlog_ms_; }  // see ClientHealth
  double cpu_user_s() const { return cpu_user_s_; }          // this thread's user CPU in run()
  double cpu_system_s() const { return cpu_system_s_; }      // this thread's system CPU in run()
  bool native() const { return native_.has_value(); }         // requests use the native transport

 private:
  static int on_socket(CURL* easy, curl_socket_t s, int what, void* self, void* socketp);
  static int on_timer(CURLM* multi, long timeout_ms, void* self);

  // Earlier failed attempts of a request being retried (--retries).
  struct Retry {
    Clock::time_point intended;           // the first attempt's intended start
    std::vector<RequestError> errors;     // why each earlier attempt failed
  };

  bool stopped() const;     // nothing more may be sent (stop, cancel or abort)
  bool cancelled() const;   // the cancel token or the abort flag is set
  // After a stop or cancel: true once in-flight requests had `grace_s` since it was first seen.
  static bool grace_over(std::optional<Clock::time_point>& since, double grace_s, Clock::time_point now);
  bool retry(Transfer* t, RequestRecord& record);
  bool all_done() const { return next_ == mine_.size() && active_.empty(); }
  std::optional<Clock::time_point> intended(const PreparedRequest& req) const;
  bool can_release(std::size_t i, Clock::time_point now) const;
  void release_ready();
  void launch(std::size_t i);
  void collect_completed();
  void scan_timeouts(Clock::time_point now);
  void cancel_all(const std::string& kind, const std::string& message);
  void finish(Transfer* t, RequestRecord&& record);
  void wait_for_events();
  void loop();
  // Native transport (worker_native.cpp).
  void send_native(Transfer* t, bool fresh);  // connects (or reuses) and starts sending
  void connect_native(Transfer* t);           // a new connection, trying each address in turn
  bool next_address(Transfer* t);
  void on_native_event(Transfer* t, uint32_t events);
  bool pump_send(Transfer* t);                // false when the transfer ended
  enum class ReadResult { again, short_read, blocked, ended };  // ended: the transfer finished
  ReadResult read_native(Transfer* t);
  bool revive_native(Transfer* t);            // a reused connection died unanswered: reconnect
  void end_native(Transfer* t, CURLcode code, const std::string& detail);
  void release_native(Transfer* t, bool keep);
  void watch(Transfer* t, bool want_out, int op);
  std::string connect_failure(int err) const;

  const ClientConfig& config_;
  const DispatchPlan& plan_;
  const std::vector<std::size_t> mine_;
  const int max_in_flight_;
  RoundGate& gate_;
  const Clock::time_point epoch_;
  const std::function<void(RequestRecord&&)> emit_;
  const std::atomic<bool>* stop_;
  const std::atomic<bool>* abort_;
  const CancelToken* cancel_;
  std::optional<Clock::time_point> stop_seen_;    // when the stop flag was first seen
  std::optional<Clock::time_point> cancel_seen_;  // when the cancel token was first seen
  std::map<std::size_t, Retry> retries_;          // by plan index
  const std::string url_;
  CURLM* multi_ = nullptr;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;                              // eventfd in the epoll set
  std::optional<Clock::time_point> curl_due_;     // curl's own timer (connects, retries)
  Clock::time_point next_deadline_{};             // earliest request deadline at the last scan
  Clock::time_point last_scan_{};                 // when timeouts were last scanned
  ChunkReader reader_;
  std::vector<std::unique_ptr<Transfer>> pool_;   // finished transfers, reused
  std::vector<std::unique_ptr<Transfer>> active_;
  std::vector<epoll_event> events_;               // epoll_wait output, reused
  std::optional<NativeEndpoint> native_;          // set: the native transport carries requests
  std::vector<int> idle_;                         // native keep-alive connections not in use
  std::size_t idle_cap_ = 4;                      // most idle connections kept
  std::size_t addr_index_ = 0;                    // native_->addrs entry new connections try first
  std::vector<char> read_buf_;                    // native recv buffer, reused
  std::size_t next_ = 0;                          // next of mine_ to release
  double max_backlog_ms_ = 0;
  double cpu_user_s_ = 0;
  double cpu_system_s_ = 0;
};

}  // namespace sonde
