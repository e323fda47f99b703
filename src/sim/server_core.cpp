#include "sim/server_core.hpp"

#include <algorithm>
#include <vector>

namespace sonde::sim {

ServerCore::ServerCore(boost::asio::io_context& ioc, const SimOptions& options)
    : options_(options), engine_(options), timer_(ioc) {}

uint64_t ServerCore::submit(int64_t prompt_tokens, int64_t output_tokens,
                            std::weak_ptr<Connection> sink) {
  const uint64_t id = next_id_++;
  engine_.add({id, prompt_tokens, output_tokens});
  sinks_[id] = std::move(sink);
  publish_stats();
  kick(false);
  return id;
}

void ServerCore::abort(uint64_t id) {
  sinks_.erase(id);
  engine_.abort(id);
  publish_stats();
}

void ServerCore::shutdown() {
  stopping_ = true;
  timer_.cancel();
  // Copy first: closing may detach connections from the map while we walk it.
  std::vector<std::shared_ptr<Connection>> live;
  for (auto& [ptr, weak] : connections_) {
    if (auto c = weak.lock()) live.push_back(std::move(c));
  }
  for (auto& c : live) c->close();
}

void ServerCore::kick(bool chained) {
  if (stepping_ || stopping_ || engine_.idle()) return;
  stepping_ = true;
  const auto now = std::chrono::steady_clock::now();
  // Back-to-back steps are paced from the previous deadline so that real time does not drift
  // from simulated time; after an idle pause pacing restarts at now. If we fell behind (a
  // very high speed), catch up at most a little rather than bursting.
  const auto floor = chained ? now - std::chrono::milliseconds(20) : now;
  deadline_ = std::max(deadline_, floor);
  StepOutcome outcome = engine_.step();
  deadline_ += std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(outcome.duration_s / std::max(options_.speed, 1e-9)));
  timer_.expires_at(deadline_);
  timer_.async_wait([this, outcome = std::move(outcome)](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    stepping_ = false;
    finish_step(outcome);
    kick(true);
  });
}

void ServerCore::finish_step(const StepOutcome& outcome) {
  // Publish first: a client that sees its last token must also see it counted.
  publish_stats();
  for (const auto& out : outcome.outputs) {
    const auto it = sinks_.find(out.id);
    if (it == sinks_.end()) continue;  // aborted during the step
    auto sink = it->second.lock();
    if (out.finished) sinks_.erase(it);
    if (sink) {
      sink->on_tokens(out);
    } else if (!out.finished) {
      abort(out.id);  // its connection is gone
    }
  }
}

void ServerCore::publish_stats() {
  std::lock_guard lock(stats_mutex_);
  stats_ = engine_.counters();
  stats_.num_requests_running = engine_.num_running();
  stats_.num_requests_waiting = engine_.num_waiting();
}

SimStats ServerCore::stats() const {
  std::lock_guard lock(stats_mutex_);
  return stats_;
}

}  // namespace sonde::sim
