#pragma once
// One event-loop thread of run_plan over its own epoll set, so a wake-up costs work only for the
// sockets that are ready. The Worker decides what is sent when (the DispatchPlan's rounds,
// in-flight limit and intended instants), enforces deadlines, retries, cancellation and grace;
// a Transport (client/transport.hpp) carries the bytes and reports each attempt's outcome.
// Internal to the client.
#include <sys/epoll.h>

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "client/chunk.hpp"
#include "client/client.hpp"
#include "client/round_gate.hpp"
#include "client/transfer.hpp"
#include "client/transport.hpp"

namespace sonde {

class Worker final : private TransportSink {
 public:
  // `mine`: indices into plan.requests this worker sends, in send order; `max_in_flight`: its
  // share (0 = unlimited). `emit` receives each finished request's record on this thread.
  // `transport` builds what carries the requests (default: make_transport; tests pass a fake).
  Worker(const ClientConfig& config, const DispatchPlan& plan, std::vector<std::size_t> mine,
         int max_in_flight, RoundGate& gate, Clock::time_point epoch,
         std::function<void(RequestRecord&&)> emit, const std::atomic<bool>* stop,
         const std::atomic<bool>* abort, const CancelToken* cancel = nullptr,
         const TransportFactory& transport = {});
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
  const char* transport_name() const { return transport_->name(); }  // "native" or "curl"

 private:
  // Earlier failed attempts of a request being retried (--retries).
  struct Retry {
    Clock::time_point intended;        // the first attempt's intended start
    std::vector<RequestError> errors;  // why each earlier attempt failed
  };

  bool stopped() const;    // nothing more may be sent (stop, cancel or abort)
  bool cancelled() const;  // the cancel token or the abort flag is set
  // After a stop or cancel: true once in-flight requests had `grace_s` since it was first seen.
  static bool grace_over(std::optional<Clock::time_point>& since, double grace_s,
                         Clock::time_point now);
  bool retry(Transfer* t, RequestRecord& record);
  // TransportSink: an attempt (re)started or ended on the wire.
  void started(Transfer& t) override;
  void ended(Transfer& t, TransportOutcome outcome, const std::string& detail) override;
  bool all_done() const { return next_ == queue_.size() && active_.empty(); }
  std::optional<Clock::time_point> intended(const PreparedRequest& req) const;
  // The request's index in plan_.requests; nullopt for a follow-up (they have no round).
  std::optional<std::size_t> plan_index(const PreparedRequest& req) const;
  bool can_release(const PreparedRequest& req, Clock::time_point now) const;
  // Queues the plan's follow-up of a finished request, if it has one.
  void follow(const Transfer& t, const RequestRecord& record);
  void release_ready();
  void launch(const PreparedRequest& req);
  void scan_timeouts(Clock::time_point now);
  void cancel_all(ErrorKind kind, const std::string& message);
  // Ends `t` from the loop (timeout, cancellation): the transport lets go of it first.
  void end(Transfer* t, ErrorKind kind, const std::string& message, Clock::time_point now);
  void finish(Transfer* t, RequestRecord&& record);
  void wait_for_events();
  void loop();
  const ClientConfig& config_;
  const DispatchPlan& plan_;
  // What this worker sends, in send order: its share of plan_.requests, then follow-ups placed
  // by their intended instant among the unsent ones.
  std::vector<const PreparedRequest*> queue_;
  std::deque<PreparedRequest> added_;  // follow-ups (a deque: queue_ points into it)
  const int max_in_flight_;
  RoundGate& gate_;
  const Clock::time_point epoch_;
  const std::function<void(RequestRecord&&)> emit_;
  const std::atomic<bool>* stop_;
  const std::atomic<bool>* abort_;
  const CancelToken* cancel_;
  std::optional<Clock::time_point> stop_seen_;       // when the stop flag was first seen
  std::optional<Clock::time_point> cancel_seen_;     // when the cancel token was first seen
  std::map<const PreparedRequest*, Retry> retries_;  // by request
  int epoll_fd_ = -1;
  int wake_fd_ = -1;                      // eventfd in the epoll set
  std::unique_ptr<Transport> transport_;  // carries every request of this worker
  Clock::time_point next_deadline_{};     // earliest request deadline at the last scan
  Clock::time_point last_scan_{};         // when timeouts were last scanned
  ChunkReader reader_;
  std::vector<std::unique_ptr<Transfer>> pool_;  // finished transfers, reused
  std::vector<std::unique_ptr<Transfer>> active_;
  std::vector<epoll_event> events_;  // epoll_wait output, reused
  std::size_t next_ = 0;             // next of queue_ to release
  double max_backlog_ms_ = 0;
  double cpu_user_s_ = 0;
  double cpu_system_s_ = 0;
};

}  // namespace sonde
