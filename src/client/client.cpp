// run_plan: one thread, one curl multi handle. Each turn of the loop releases the requests the
// DispatchPlan allows, lets curl move bytes (write callbacks timestamp and parse them), hands
// finished requests to the sink, enforces the per-request timeouts, then sleeps in
// curl_multi_poll until a socket is ready, a deadline or intended instant comes, or at most
// kStopCheck so that a stop request is noticed promptly.
#include <curl/curl.h>

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

#include "client/chunk.hpp"
#include "client/client.hpp"
#include "client/curl_global.hpp"
#include "client/transfer.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

constexpr auto kStopCheck = std::chrono::milliseconds(20);

class Loop {
 public:
  Loop(const ClientConfig& config, const DispatchPlan& plan, Clock::time_point epoch,
       const RecordSink& sink, const std::atomic<bool>* stop);
  ~Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  void run();

 private:
  bool stopped() const { return stop_ != nullptr && stop_->load(std::memory_order_relaxed); }
  bool all_done() const { return next_ == plan_.requests.size() && active_.empty(); }
  std::optional<Clock::time_point> intended(const PreparedRequest& req) const;
  bool can_release(const PreparedRequest& req, Clock::time_point now) const;
  void release_ready();
  void launch(const PreparedRequest& req);
  void collect_completed();
  void expire_timeouts();
  void cancel_all();
  void finish(Transfer* t, RequestRecord&& record);
  int poll_timeout_ms() const;

  const ClientConfig& config_;
  const DispatchPlan& plan_;
  const Clock::time_point epoch_;
  const RecordSink& sink_;
  const std::atomic<bool>* stop_;
  const std::string url_;
  CURLM* multi_ = nullptr;
  ChunkReader reader_;
  std::vector<std::unique_ptr<Transfer>> pool_;  // finished transfers, reused
  std::vector<std::unique_ptr<Transfer>> active_;
  std::map<int, int> unfinished_by_round_;       // round -> requests not yet finished
  size_t next_ = 0;                              // next request of the plan to release
};

Loop::Loop(const ClientConfig& config, const DispatchPlan& plan, Clock::time_point epoch,
           const RecordSink& sink, const std::atomic<bool>* stop)
    : config_(config), plan_(plan), epoch_(epoch), sink_(sink), stop_(stop),
      url_(config.base_url + config.endpoint) {
  ensure_curl_global();
  int prev_round = plan.requests.empty() ? 0 : plan.requests.front().round;
  for (const PreparedRequest& r : plan.requests) {
    if (r.round < prev_round) {
      throw Error(ExitCode::failure, "DispatchPlan rounds must not decrease (request " +
                                         std::to_string(r.index) + " of " + r.scenario + ")");
    }
    prev_round = r.round;
    ++unfinished_by_round_[r.round];
  }
  multi_ = curl_multi_init();
  if (multi_ == nullptr) throw Error(ExitCode::failure, "curl_multi_init failed (out of memory?)");
  // Keep one idle connection per possible concurrent request so that keep-alive reuse works
  // for every in-flight slot (curl's default cache is sized from the handles added).
  const size_t slots = plan.max_in_flight > 0 ? static_cast<size_t>(plan.max_in_flight)
                                              : plan.requests.size();
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(std::clamp<size_t>(slots, 4, 4096)));
}

Loop::~Loop() {
  for (auto& t : active_) curl_multi_remove_handle(multi_, t->easy());
  active_.clear();
  pool_.clear();
  curl_multi_cleanup(multi_);
}

std::optional<Clock::time_point> Loop::intended(const PreparedRequest& req) const {
  if (!req.intended_offset_s) return std::nullopt;
  return epoch_ + std::chrono::duration_cast<Clock::duration>(
                      std::chrono::duration<double>(*req.intended_offset_s));
}

bool Loop::can_release(const PreparedRequest& req, Clock::time_point now) const {
  if (plan_.max_in_flight > 0 && active_.size() >= static_cast<size_t>(plan_.max_in_flight)) {
    return false;
  }
  if (!unfinished_by_round_.empty() && unfinished_by_round_.begin()->first < req.round) {
    return false;  // an earlier round is still running
  }
  const auto when = intended(req);
  return !when || now >= *when;
}

void Loop::release_ready() {
  while (next_ < plan_.requests.size() && !stopped() &&
         can_release(plan_.requests[next_], Clock::now())) {
    launch(plan_.requests[next_++]);
  }
}

void Loop::launch(const PreparedRequest& req) {
  std::unique_ptr<Transfer> t;
  if (pool_.empty()) {
    t = std::make_unique<Transfer>(config_, reader_, epoch_);
  } else {
    t = std::move(pool_.back());
    pool_.pop_back();
  }
  t->prepare(url_, req, intended(req));
  t->start(Clock::now());
  const CURLMcode rc = curl_multi_add_handle(multi_, t->easy());
  Transfer* raw = t.get();
  active_.push_back(std::move(t));
  if (rc != CURLM_OK) finish(raw, raw->abort("connect", curl_multi_strerror(rc), Clock::now()));
}

void Loop::finish(Transfer* t, RequestRecord&& record) {
  curl_multi_remove_handle(multi_, t->easy());
  const auto round = unfinished_by_round_.find(t->request().round);
  if (round != unfinished_by_round_.end() && --round->second <= 0) unfinished_by_round_.erase(round);
  const auto it = std::find_if(active_.begin(), active_.end(),
                               [t](const auto& p) { return p.get() == t; });
  pool_.push_back(std::move(*it));
  active_.erase(it);
  sink_(std::move(record));
}

void Loop::collect_completed() {
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    const CURLcode result = msg->data.result;  // read before remove_handle invalidates msg
    void* priv = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
    auto* t = static_cast<Transfer*>(priv);
    finish(t, t->complete(result, Clock::now()));
  }
}

void Loop::expire_timeouts() {
  const Clock::time_point now = Clock::now();
  std::vector<std::pair<Transfer*, const char*>> expired;
  for (const auto& t : active_) {
    const char* kind = t->expired(now);
    if (*kind != '\0') expired.emplace_back(t.get(), kind);
  }
  for (const auto& [t, kind] : expired) {
    finish(t, t->abort(kind, std::string(kind) + " after " +
                                 std::to_string(ms_between(t->started(), now)) + " ms", now));
  }
}

void Loop::cancel_all() {
  const Clock::time_point now = Clock::now();
  while (!active_.empty()) {
    Transfer* t = active_.front().get();
    finish(t, t->abort("cancelled", "stopped while in flight", now));
  }
}

int Loop::poll_timeout_ms() const {
  const Clock::time_point now = Clock::now();
  Clock::time_point wake = now + kStopCheck;
  for (const auto& t : active_) wake = std::min(wake, t->next_deadline());
  if (next_ < plan_.requests.size()) {
    // Only a future instant: a past one means the request waits for a slot or a round, which
    // a completion (a socket event) will open.
    const auto when = intended(plan_.requests[next_]);
    if (when && *when > now) wake = std::min(wake, *when);
  }
  if (wake <= now) return 0;
  // Round up: waking a hair early would only spin.
  return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(wake - now).count());
}

void Loop::run() {
  for (;;) {
    if (stopped()) {
      cancel_all();  // unsent requests are dropped without a record
      return;
    }
    release_ready();
    if (all_done()) return;
    int running = 0;
    curl_multi_perform(multi_, &running);
    collect_completed();
    expire_timeouts();
    if (all_done()) return;
    if (next_ < plan_.requests.size() && can_release(plan_.requests[next_], Clock::now())) {
      continue;  // a slot or round just opened: send without sleeping
    }
    curl_multi_poll(multi_, nullptr, 0, poll_timeout_ms(), nullptr);
  }
}

}  // namespace

void run_plan(const ClientConfig& config, const DispatchPlan& plan, Clock::time_point epoch,
              const RecordSink& sink, const std::atomic<bool>* stop) {
  Loop loop(config, plan, epoch, sink, stop);
  loop.run();
}

}  // namespace sonde
