// run_plan: splits the plan round-robin over event-loop threads (client/worker.cpp), each with
// its own transport and share of max_in_flight, shares the burst rounds through one
// RoundGate, and funnels finished records back to the calling thread, which calls the sink.
// With one thread the worker runs on the calling thread itself.
#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "client/client.hpp"
#include "client/curl_global.hpp"
#include "client/round_gate.hpp"
#include "client/worker.hpp"

namespace sonde {
namespace {

// Records from the worker threads, handed to the calling thread. One lock per finished request
// (not per chunk), so contention is negligible.
class RecordQueue {
 public:
  void push(RequestRecord&& r) {
    {
      std::lock_guard lock(mu_);
      queue_.push_back(std::move(r));
    }
    cv_.notify_one();
  }
  void worker_done() {
    {
      std::lock_guard lock(mu_);
      ++done_;
    }
    cv_.notify_one();
  }
  // Calls `sink` for every record until `workers` have called worker_done and the queue is empty.
  void drain(int workers, const RecordSink& sink) {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return !queue_.empty() || done_ == workers; });
      if (queue_.empty()) return;
      std::deque<RequestRecord> batch;
      batch.swap(queue_);
      lock.unlock();
      for (RequestRecord& r : batch) sink(std::move(r));
      lock.lock();
    }
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<RequestRecord> queue_;
  int done_ = 0;
};

double cpu_seconds_sum(const std::vector<std::unique_ptr<Worker>>& ws, bool user) {
  double s = 0;
  for (const auto& w : ws) s += user ? w->cpu_user_s() : w->cpu_system_s();
  return s;
}

void fill_health(ClientHealth* health, const std::vector<std::unique_ptr<Worker>>& workers,
                 Clock::time_point began) {
  if (health == nullptr) return;
  *health = ClientHealth{};
  for (const auto& w : workers) {
    health->max_receive_backlog_ms = std::max(health->max_receive_backlog_ms, w->max_backlog_ms());
  }
  health->cpu_user_s = cpu_seconds_sum(workers, true);
  health->cpu_system_s = cpu_seconds_sum(workers, false);
  health->wall_s = std::chrono::duration<double>(Clock::now() - began).count();
  health->threads = static_cast<int>(workers.size());
  // Each worker picks its transport alike; "curl" if any had to fall back to it.
  const bool native = std::all_of(workers.begin(), workers.end(), [](const auto& w) {
    return std::string_view(w->transport_name()) == "native";
  });
  health->transport = workers.empty() ? "" : native ? "native" : "curl";
  if (health->wall_s > 0 && !workers.empty()) {
    health->cpu_util_pct = 100.0 * (health->cpu_user_s + health->cpu_system_s) /
                           (health->wall_s * static_cast<double>(workers.size()));
  }
}

void run_threads(std::vector<std::unique_ptr<Worker>>& workers, RecordQueue& queue,
                 const RecordSink& sink, std::atomic<bool>& abort) {
  std::exception_ptr failure;
  std::mutex failure_mu;
  std::vector<std::thread> threads;
  for (auto& w : workers) {
    threads.emplace_back([&, worker = w.get()] {
      try {
        worker->run();
      } catch (...) {
        std::lock_guard lock(failure_mu);
        if (!failure) failure = std::current_exception();
        abort = true;
      }
      queue.worker_done();
    });
  }
  try {
    queue.drain(static_cast<int>(workers.size()), sink);
  } catch (...) {
    abort = true;  // the sink failed: stop the workers, then report the sink's error
    for (auto& w : workers) w->wake();
    for (auto& t : threads) t.join();
    throw;
  }
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

int client_threads(const ClientConfig& config, const DispatchPlan& plan) {
  int n = config.threads;
  if (n <= 0) n = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1);
  n = std::min<int>(n, static_cast<int>(std::max<std::size_t>(1, plan.requests.size())));
  if (plan.max_in_flight > 0) n = std::min(n, plan.max_in_flight);
  return std::max(1, n);
}

void run_plan(const ClientConfig& config, const DispatchPlan& plan, Clock::time_point epoch,
              const RecordSink& sink, const std::atomic<bool>* stop, ClientHealth* health,
              const CancelToken* cancel) {
  const Clock::time_point began = Clock::now();
  ensure_curl_global();
  RoundGate gate(plan);
  const int n = client_threads(config, plan);
  std::atomic<bool> abort{false};
  RecordQueue queue;
  std::vector<std::unique_ptr<Worker>> workers;
  for (int w = 0; w < n; ++w) {
    std::vector<std::size_t> mine;
    for (std::size_t i = static_cast<std::size_t>(w); i < plan.requests.size();
         i += static_cast<std::size_t>(n)) {
      mine.push_back(i);
    }
    const int share =
        plan.max_in_flight <= 0 ? 0 : plan.max_in_flight / n + (w < plan.max_in_flight % n ? 1 : 0);
    std::function<void(RequestRecord &&)> emit;
    if (n == 1) {
      emit = [&sink](RequestRecord&& r) { sink(std::move(r)); };
    } else {
      emit = [&queue](RequestRecord&& r) { queue.push(std::move(r)); };
    }
    workers.push_back(std::make_unique<Worker>(config, plan, std::move(mine), share, gate, epoch,
                                               std::move(emit), stop, &abort, cancel));
  }
  for (auto& w : workers) gate.on_open([worker = w.get()] { worker->wake(); });
  if (n == 1) {
    workers.front()->run();
  } else {
    run_threads(workers, queue, sink, abort);
  }
  fill_health(health, workers, began);
}

RequestRecord record_of(const PreparedRequest& req) {
  RequestRecord r;
  r.scenario = req.scenario;
  r.index = req.index;
  r.x_request_id = req.x_request_id;
  r.input_tokens_target = req.input_tokens_target;
  r.output_tokens_target = req.output_tokens_target;
  r.row = req.row;
  r.session = req.session;
  r.turn = req.turn;
  return r;
}

}  // namespace sonde
