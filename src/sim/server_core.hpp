#pragma once
// The part of the simulator shared by all connections: the engine, paced on the io_context so
// that simulated time runs `speed` times faster than real time, the routing of each step's
// tokens to the connections that asked for them, and the server-side metrics (/metrics,
// /gpu-metrics). Single-threaded: everything except stats() runs on the io_context's one thread.
// When several steps are due at once (a high speed), they are delivered in one batch and every
// connection writes what the batch gave it once, at the batch's end.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "sim/engine.hpp"
#include "sim/fault.hpp"
#include "sim/sim_config.hpp"
#include "sim/sim_metrics.hpp"

namespace sonde::sim {

// A connection as the core sees it: it receives tokens and can be closed at shutdown.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual void on_tokens(const TokenOutput& output) = 0;  // called at the end of an engine step
  virtual void close() = 0;                               // server is stopping
  virtual void flush() {}                                 // write what the batch produced
  virtual void on_engine_dead() {}                        // an injected engine death
};

class ServerCore {
 public:
  ServerCore(boost::asio::io_context& ioc, const SimConfig& config);

  const SimOptions& options() const { return config_.options; }
  const SimConfig& config() const { return config_; }
  // Queues a request in the engine (its id is assigned here); its tokens go to `sink` while it
  // lives. Returns its id.
  uint64_t submit(EngineRequest request, std::weak_ptr<Connection> sink);
  // The client went away: frees the request's slot and blocks.
  void abort(uint64_t id);
  // Connections register so that shutdown() can close them.
  void attach(Connection* c, std::weak_ptr<Connection> weak) { connections_[c] = std::move(weak); }
  void detach(Connection* c) { connections_.erase(c); }
  // Stops stepping and closes every connection.
  void shutdown();
  // Fault injection (sim/fault.hpp): the injector sessions consult.
  FaultInjector& faults() { return faults_; }
  // An injected engine death: every in-flight request gets on_engine_dead(), no step runs
  // again, and `exit_after_s` later the death handler (SimServer: stop serving) is called.
  void kill_engine(double exit_after_s);
  bool engine_dead() const { return dead_; }
  void on_death(std::function<void()> handler) { on_death_ = std::move(handler); }
  // True while a batch of steps is delivered: connections then queue their bytes and call
  // defer_flush() instead of writing (once per batch).
  bool delivering() const { return delivering_; }
  void defer_flush(std::weak_ptr<Connection> c) { to_flush_.push_back(std::move(c)); }
  // POST /admin/reset-peaks: the peak gauges start over from the current values.
  void reset_peaks();
  // Thread-safe snapshot of the counters, as of the last step.
  SimStats stats() const;
  // The /metrics and /gpu-metrics pages (io thread only).
  std::string metrics_text() const;
  std::string gpu_metrics_text() const;

 private:
  using Clock = std::chrono::steady_clock;
  // Starts a step if none is in flight; `chained` when it follows a step without a pause.
  void kick(bool chained);
  // Runs the next engine step now and sets its real-time deadline (outcome_).
  void begin_step(bool chained);
  // Waits for the deadline of the step in flight, then delivers it (and any others due).
  void arm_timer();
  void deliver_due_steps();
  void finish_step(const StepOutcome& outcome);
  // Counters from the engine (at a step's end) or only the gauges (between steps).
  void publish_stats(bool counters);
  // The simulated time that real time `t` corresponds to.
  double sim_time_at(Clock::time_point t) const;

  SimConfig config_;
  Engine engine_;
  SimMetrics metrics_;
  boost::asio::steady_timer timer_;  // fires at the real-time end of the current step
  bool stepping_ = false;            // a step is in flight (timer pending)
  bool delivering_ = false;          // inside deliver_due_steps()
  StepOutcome outcome_;              // the step in flight
  std::vector<std::weak_ptr<Connection>> to_flush_;  // connections with bytes of this batch
  bool stopping_ = false;                            // shutdown() was called
  double step_start_s_ = 0;                          // simulated start of the step in flight (s)
  Clock::time_point deadline_{};                     // real end time of the last step
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, std::weak_ptr<Connection>> sinks_;  // engine id -> receiver
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections_;
  std::deque<std::pair<Clock::time_point, double>> busy_;  // (real end, simulated s) per step
  int64_t last_step_tokens_ = 0;                           // tokens of the latest finished step
  double busy_total_s_ = 0;            // simulated seconds of all finished steps (energy)
  mutable double elapsed_seen_s_ = 0;  // latest simulated time /gpu-metrics reported (s)
  mutable std::mutex stats_mutex_;
  SimStats stats_;  // guarded by stats_mutex_
  FaultInjector faults_;
  bool dead_ = false;               // kill_engine() was called
  std::function<void()> on_death_;  // called when the dead server should stop serving
};

}  // namespace sonde::sim
