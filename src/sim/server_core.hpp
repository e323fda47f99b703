#pragma once
// The part of the simulator shared by all connections: the engine, paced on the io_context so
// that simulated time runs `speed` times faster than real time, and the routing of each step's
// tokens to the connections that asked for them. Single-threaded: everything except stats()
// runs on the io_context's one thread.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "sim/engine.hpp"
#include "sim/sim_server.hpp"

namespace sonde::sim {

// A connection as the core sees it: it receives tokens and can be closed at shutdown.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual void on_tokens(const TokenOutput& output) = 0;  // called at the end of an engine step
  virtual void close() = 0;                               // server is stopping
};

class ServerCore {
 public:
  ServerCore(boost::asio::io_context& ioc, const SimOptions& options);

  const SimOptions& options() const { return options_; }
  // Queues a request in the engine; its tokens go to `sink` while it lives. Returns its id.
  uint64_t submit(int64_t prompt_tokens, int64_t output_tokens, std::weak_ptr<Connection> sink);
  // The client went away: frees the request's slot.
  void abort(uint64_t id);
  // Connections register so that shutdown() can close them.
  void attach(Connection* c, std::weak_ptr<Connection> weak) { connections_[c] = std::move(weak); }
  void detach(Connection* c) { connections_.erase(c); }
  // Stops stepping and closes every connection.
  void shutdown();
  // Thread-safe snapshot of the counters, as of the last step.
  SimStats stats() const;

 private:
  // Starts a step if none is in flight; `chained` when it follows a step without a pause.
  void kick(bool chained);
  void finish_step(const StepOutcome& outcome);
  void publish_stats();

  SimOptions options_;
  Engine engine_;
  boost::asio::steady_timer timer_;  // fires at the real-time end of the current step
  bool stepping_ = false;            // a step is in flight (timer pending)
  bool stopping_ = false;            // shutdown() was called
  std::chrono::steady_clock::time_point deadline_{};  // real end time of the last step
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, std::weak_ptr<Connection>> sinks_;  // engine id -> receiver
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections_;
  mutable std::mutex stats_mutex_;
  SimStats stats_;  // guarded by stats_mutex_
};

}  // namespace sonde::sim
