// The event loop of one run_plan thread. Each turn releases the requests the DispatchPlan allows,
// sleeps in epoll until a socket is ready, the transport's timer or a request deadline or intended
// instant comes (nanosecond timeout: epoll_pwait2, so an open-loop send is not rounded up to the
// next millisecond), or at most kStopCheck; then hands the ready sockets to the transport (which
// timestamps and parses the bytes), records finished requests and enforces timeouts.
#include "client/worker.hpp"

#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <functional>
#include <string>

#include "client/retry.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

constexpr auto kStopCheck = std::chrono::milliseconds(20);
// Request deadlines can only move earlier when the first text chunk switches a transfer from
// its first-token to its idle deadline; rescanning this often bounds how late that is noticed
// without an O(transfers) scan on every wake-up.
constexpr auto kRescan = std::chrono::milliseconds(5);
// epoll data of the wake-up eventfd: neither a socket number nor a pointer a transport registers.
constexpr uint64_t kWakeTag = ~uint64_t{0};

double seconds_of(const timeval& tv) { return double(tv.tv_sec) + double(tv.tv_usec) * 1e-6; }

}  // namespace

Worker::Worker(const ClientConfig& config, const DispatchPlan& plan, std::vector<std::size_t> mine,
               int max_in_flight, RoundGate& gate, Clock::time_point epoch,
               std::function<void(RequestRecord&&)> emit, const std::atomic<bool>* stop,
               const std::atomic<bool>* abort, const CancelToken* cancel,
               const TransportFactory& transport)
    : config_(config), plan_(plan), max_in_flight_(max_in_flight), gate_(gate), epoch_(epoch),
      emit_(std::move(emit)), stop_(stop), abort_(abort), cancel_(cancel) {
  queue_.reserve(mine.size());
  for (const std::size_t i : mine) queue_.push_back(&plan.requests[i]);
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) {
    if (epoll_fd_ >= 0) close(epoll_fd_);
    if (wake_fd_ >= 0) close(wake_fd_);
    throw Error(ExitCode::failure,
                "cannot create the client's event loop (out of file descriptors "
                "or memory?); raise `ulimit -n`");
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kWakeTag;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  // Keep one idle connection per possible concurrent request so that keep-alive reuse works
  // for every in-flight slot.
  const std::size_t slots =
      max_in_flight > 0 ? static_cast<std::size_t>(max_in_flight) : queue_.size();
  const TransportSetup setup{config, config.base_url + config.endpoint, epoll_fd_,
                             std::clamp<std::size_t>(slots, 4, 8192), *this};
  try {
    transport_ = transport ? transport(setup) : make_transport(setup);
  } catch (...) {
    close(wake_fd_);
    close(epoll_fd_);
    throw;
  }
  events_.resize(256);
}

Worker::~Worker() {
  for (auto& t : active_) transport_->close(*t);
  active_.clear();
  pool_.clear();
  transport_.reset();  // after the transfers: curl's connections go last, telling epoll
  close(wake_fd_);
  close(epoll_fd_);
}

void Worker::wake() {
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = write(wake_fd_, &one, sizeof one);
}

bool Worker::stopped() const {
  return (stop_ != nullptr && stop_->load(std::memory_order_relaxed)) || cancelled();
}

bool Worker::cancelled() const {
  return (abort_ != nullptr && abort_->load(std::memory_order_relaxed)) ||
         (cancel_ != nullptr && cancel_->requested());
}

bool Worker::grace_over(std::optional<Clock::time_point>& since, double grace_s,
                        Clock::time_point now) {
  if (!since) since = now;
  return now - *since >= std::chrono::duration<double>(grace_s);
}

std::optional<Clock::time_point> Worker::intended(const PreparedRequest& req) const {
  if (!req.intended_offset_s) return std::nullopt;
  return epoch_ + std::chrono::duration_cast<Clock::duration>(
                      std::chrono::duration<double>(*req.intended_offset_s));
}

std::optional<std::size_t> Worker::plan_index(const PreparedRequest& req) const {
  const auto& all = plan_.requests;
  const std::less<const PreparedRequest*> before{};  // total order, also for unrelated pointers
  if (all.empty() || before(&req, all.data()) || !before(&req, all.data() + all.size()))
    return std::nullopt;
  return static_cast<std::size_t>(&req - all.data());
}

bool Worker::can_release(const PreparedRequest& req, Clock::time_point now) const {
  if (max_in_flight_ > 0 && active_.size() >= static_cast<std::size_t>(max_in_flight_))
    return false;
  const auto i = plan_index(req);
  if (i && !gate_.open_for(gate_.ordinal(*i))) return false;  // an earlier round is running
  const auto when = intended(req);
  return !when || now >= *when;
}

void Worker::release_ready() {
  while (next_ < queue_.size() && !stopped() && can_release(*queue_[next_], Clock::now())) {
    launch(*queue_[next_++]);
  }
}

void Worker::follow(const Transfer& t, const RequestRecord& record) {
  if (!plan_.follow_up || stopped()) return;
  const double ended_s = std::chrono::duration<double>(Clock::now() - epoch_).count();
  auto next = plan_.follow_up(t.request(), record, t.reply(), ended_s);
  if (!next) return;
  added_.push_back(std::move(*next));
  const PreparedRequest* req = &added_.back();
  // By intended instant among the unsent: a follow-up due later must not hold back one due
  // sooner that another session queued after it.
  auto at = queue_.end();
  if (const auto due = req->intended_offset_s) {
    at = std::find_if(queue_.begin() + static_cast<std::ptrdiff_t>(next_), queue_.end(),
                      [&](const PreparedRequest* q) {
                        return q->intended_offset_s && *q->intended_offset_s > *due;
                      });
  }
  queue_.insert(at, req);
}

void Worker::launch(const PreparedRequest& req) {
  std::unique_ptr<Transfer> t;
  if (pool_.empty()) {
    t = std::make_unique<Transfer>(config_, reader_, epoch_);
  } else {
    t = std::move(pool_.back());
    pool_.pop_back();
  }
  Transfer* raw = t.get();
  active_.push_back(std::move(t));
  raw->prepare(req, intended(req));
  transport_->start(*raw);
}

// Sends a retriable failed attempt again on the same transfer and slot; false when it may not.
bool Worker::retry(Transfer* t, RequestRecord& record) {
  auto it = retries_.find(&t->request());
  const int done = it == retries_.end() ? 1 : static_cast<int>(it->second.errors.size()) + 1;
  if (done > config_.retries || stopped() || !retriable(record)) return false;
  if (it == retries_.end()) {
    it = retries_.emplace(&t->request(), Retry{t->intended_start(), {}}).first;
  }
  it->second.errors.push_back(*record.error);
  transport_->close(*t);
  t->prepare(t->request(), it->second.intended);
  transport_->start(*t);
  return true;
}

void Worker::started(Transfer& t) { next_deadline_ = std::min(next_deadline_, t.next_deadline()); }

void Worker::ended(Transfer& t, TransportOutcome outcome, const std::string& detail) {
  finish(&t, t.complete(outcome, detail, Clock::now()));
}

void Worker::end(Transfer* t, ErrorKind kind, const std::string& message, Clock::time_point now) {
  transport_->close(*t);
  finish(t, t->abort(kind, message, now));
}

void Worker::finish(Transfer* t, RequestRecord&& record) {
  if (!record.ok && config_.retries > 0 && retry(t, record)) return;
  transport_->close(*t);  // an attempt the transport ended is closed already
  const PreparedRequest& req = t->request();
  if (auto r = retries_.find(&req); r != retries_.end()) {
    record.attempts = static_cast<int>(r->second.errors.size()) + 1;
    record.retried_errors = std::move(r->second.errors);
    retries_.erase(r);
  }
  follow(*t, record);  // before the transfer goes back to the pool with the reply
  const auto index = plan_index(req);
  const auto it =
      std::find_if(active_.begin(), active_.end(), [t](const auto& p) { return p.get() == t; });
  pool_.push_back(std::move(*it));
  active_.erase(it);
  emit_(std::move(record));
  // After emit: the next round sees this record first.
  if (index) gate_.finished(gate_.ordinal(*index));
}

void Worker::scan_timeouts(Clock::time_point now) {
  if (now < next_deadline_ && now - last_scan_ < kRescan) return;
  last_scan_ = now;
  std::vector<std::pair<Transfer*, ErrorKind>> expired;
  next_deadline_ = Clock::time_point::max();
  for (const auto& t : active_) {
    if (const auto kind = t->expired(now)) {
      expired.emplace_back(t.get(), *kind);
    } else {
      next_deadline_ = std::min(next_deadline_, t->next_deadline());
    }
  }
  for (const auto& [t, kind] : expired) {
    end(t, kind,
        std::string(error_kind_id(kind)) + " after " +
            std::to_string(ms_between(t->started(), now)) + " ms",
        now);
  }
}

void Worker::cancel_all(ErrorKind kind, const std::string& message) {
  const Clock::time_point now = Clock::now();
  while (!active_.empty()) {
    end(active_.front().get(), kind, message, now);
  }
}

void Worker::wait_for_events() {
  const Clock::time_point now = Clock::now();
  Clock::time_point wake = std::min(now + kStopCheck, next_deadline_);
  if (const auto due = transport_->due()) wake = std::min(wake, *due);
  if (next_ < queue_.size()) {
    // Only a future instant: a past one waits for a slot or a round, which an event will open.
    const auto when = intended(*queue_[next_]);
    if (when && *when > now) wake = std::min(wake, *when);
  }
  const auto ns =
      std::max<int64_t>(0, std::chrono::duration_cast<std::chrono::nanoseconds>(wake - now).count());
  const timespec timeout{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
  const int n =
      epoll_pwait2(epoll_fd_, events_.data(), static_cast<int>(events_.size()), &timeout, nullptr);
  const Clock::time_point woke = Clock::now();
  for (int i = 0; i < n; ++i) {
    const epoll_event& ev = events_[static_cast<std::size_t>(i)];
    if (ev.data.u64 == kWakeTag) {
      uint64_t count = 0;
      [[maybe_unused]] const ssize_t r = read(wake_fd_, &count, sizeof count);
      continue;
    }
    // How long this ready socket waited behind the ones processed before it in this batch.
    max_backlog_ms_ = std::max(max_backlog_ms_, ms_between(woke, Clock::now()));
    transport_->on_event(ev);
  }
  if (n == static_cast<int>(events_.size())) events_.resize(events_.size() * 2);
  transport_->poll(Clock::now());
}

void Worker::loop() {
  for (;;) {
    // Unsent requests are dropped without a record; the caller decides what they mean.
    if (abort_ != nullptr && abort_->load(std::memory_order_relaxed)) {
      cancel_all(ErrorKind::cancelled, "stopped while in flight");
      return;
    }
    if (stopped() && active_.empty()) return;
    const Clock::time_point now = Clock::now();
    if (cancel_ != nullptr && cancel_->requested() &&
        grace_over(cancel_seen_, cancel_->grace_s(), now)) {
      cancel_all(cancel_->kind(), cancel_->message());
      return;
    }
    if (stop_ != nullptr && stop_->load(std::memory_order_relaxed)) {
      if (grace_over(stop_seen_, config_.grace_s, now)) {
        cancel_all(ErrorKind::cancelled,
                   config_.grace_s > 0 ? "interrupted: still in flight when the grace period ended"
                                       : "interrupted while in flight");
        return;
      }
    }
    release_ready();
    transport_->poll(Clock::now());  // e.g. curl: adding a handle asks for an immediate kick
    scan_timeouts(Clock::now());
    if (all_done()) return;
    if (next_ < queue_.size() && !stopped() && can_release(*queue_[next_], Clock::now())) {
      continue;  // a slot or round just opened: send without sleeping
    }
    wait_for_events();
  }
}

void Worker::run() {
  rusage before{};
  getrusage(RUSAGE_THREAD, &before);
  next_deadline_ = Clock::time_point::max();
  last_scan_ = Clock::now();
  loop();
  rusage after{};
  getrusage(RUSAGE_THREAD, &after);
  cpu_user_s_ = seconds_of(after.ru_utime) - seconds_of(before.ru_utime);
  cpu_system_s_ = seconds_of(after.ru_stime) - seconds_of(before.ru_stime);
}

}  // namespace sonde
