#include "sim/server_core.hpp"

#include <algorithm>
#include <vector>

#include "sim/gpu_metrics.hpp"

namespace sonde::sim {
namespace {

double unix_now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::vector<FaultSpec> parse_faults(const std::vector<std::string>& specs) {
  std::vector<FaultSpec> out;
  for (const auto& s : specs) out.push_back(parse_fault_spec(s));
  return out;
}

}  // namespace

ServerCore::ServerCore(boost::asio::io_context& ioc, const SimConfig& config)
    : config_(config), engine_(config), metrics_(config, unix_now_s()), timer_(ioc),
      deadline_(Clock::now()),
      faults_(parse_faults(config.options.faults), config.options.fault_seed) {
  publish_stats(true);
}

double ServerCore::sim_time_at(Clock::time_point t) const {
  const double speed = std::max(config_.options.speed, 1e-9);
  if (stepping_) {
    // Inside the step in flight: between its simulated start and end.
    const double ahead = std::chrono::duration<double>(deadline_ - t).count() * speed;
    return std::clamp(engine_.now_s() - ahead, step_start_s_, engine_.now_s());
  }
  const double idle = std::chrono::duration<double>(t - deadline_).count() * speed;
  return engine_.now_s() + std::max(0.0, idle);
}

uint64_t ServerCore::submit(EngineRequest request, std::weak_ptr<Connection> sink) {
  const uint64_t id = next_id_++;
  request.id = id;
  request.arrival_s = sim_time_at(Clock::now());
  engine_.add(std::move(request));
  sinks_[id] = std::move(sink);
  publish_stats(false);
  kick(false);
  return id;
}

void ServerCore::abort(uint64_t id) {
  sinks_.erase(id);
  if (engine_.abort(id)) publish_stats(false);
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

void ServerCore::kill_engine(double exit_after_s) {
  if (dead_) return;
  dead_ = stopping_ = true;  // no step runs again
  timer_.cancel();
  std::vector<std::shared_ptr<Connection>> live;  // copy: the calls below change sinks_
  for (auto& [id, weak] : sinks_) {
    if (auto c = weak.lock()) live.push_back(std::move(c));
  }
  sinks_.clear();
  for (auto& c : live) c->on_engine_dead();
  timer_.expires_after(
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(exit_after_s)));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && on_death_) on_death_();
  });
}

void ServerCore::kick(bool chained) {
  if (stepping_ || stopping_ || engine_.idle()) return;
  begin_step(chained);
  arm_timer();
}

void ServerCore::begin_step(bool chained) {
  const auto now = Clock::now();
  if (!chained) engine_.advance_to(sim_time_at(now));  // the idle pause passed in simulation too
  stepping_ = true;
  // Back-to-back steps are paced from the previous deadline so that real time does not drift
  // from simulated time; after an idle pause pacing restarts at now. If we fell behind (a
  // very high speed), catch up at most a little rather than bursting.
  const auto floor = chained ? now - std::chrono::milliseconds(20) : now;
  deadline_ = std::max(deadline_, floor);
  step_start_s_ = engine_.now_s();
  outcome_ = engine_.step();
  deadline_ += std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(outcome_.duration_s / std::max(config_.options.speed, 1e-9)));
}

void ServerCore::arm_timer() {
  timer_.expires_at(deadline_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    deliver_due_steps();
  });
}

void ServerCore::deliver_due_steps() {
  // Steps whose deadline has passed are delivered back to back without going through the
  // timer; a batch ends at a step that is not due yet, or after a bounded share of real time
  // so that reads (new requests, hang-ups) and writes are served in between.
  constexpr int kMaxSteps = 256;
  constexpr auto kMaxBatch = std::chrono::microseconds(500);
  const auto began = Clock::now();
  delivering_ = true;
  bool in_flight = false;
  for (int n = 1;; ++n) {
    stepping_ = false;
    finish_step(outcome_);
    if (stopping_ || engine_.idle()) break;
    begin_step(true);
    in_flight = true;
    const auto now = Clock::now();
    if (deadline_ > now || n >= kMaxSteps || now - began >= kMaxBatch) break;
    in_flight = false;
  }
  delivering_ = false;
  std::vector<std::weak_ptr<Connection>> batch;
  batch.swap(to_flush_);
  for (auto& weak : batch) {
    if (auto c = weak.lock()) c->flush();
  }
  if (in_flight && !stopping_) arm_timer();
}

void ServerCore::finish_step(const StepOutcome& outcome) {
  metrics_.observe(outcome);
  last_step_tokens_ = outcome.shape.tokens();
  busy_total_s_ += outcome.duration_s;
  busy_.emplace_back(deadline_, outcome.duration_s);
  while (busy_.size() > 1 && busy_.front().first < deadline_ - std::chrono::seconds(1)) {
    busy_.pop_front();
  }
  // Publish first: a client that sees its last token must also see it counted.
  publish_stats(true);
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

void ServerCore::publish_stats(bool counters) {
  const SimStats now = engine_.counters();
  std::lock_guard lock(stats_mutex_);
  if (counters) {
    stats_ = now;
    return;
  }
  // Between steps only what changed without a step: queue lengths, aborts, blocks.
  stats_.num_requests_running = now.num_requests_running;
  stats_.num_requests_waiting = now.num_requests_waiting;
  stats_.requests_aborted_total = now.requests_aborted_total;
  stats_.kv_cache_usage = now.kv_cache_usage;
  stats_.kv_cache_usage_peak = now.kv_cache_usage_peak;
  stats_.num_requests_running_peak = now.num_requests_running_peak;
  stats_.num_requests_waiting_peak = now.num_requests_waiting_peak;
}

void ServerCore::reset_peaks() {
  engine_.reset_peaks();
  publish_stats(false);
}

SimStats ServerCore::stats() const {
  std::lock_guard lock(stats_mutex_);
  return stats_;
}

std::string ServerCore::metrics_text() const { return metrics_.render(stats()); }

std::string ServerCore::gpu_metrics_text() const {
  const auto now = Clock::now();
  double busy_s = 0;
  for (const auto& [end, sim_s] : busy_) {
    if (end > now - std::chrono::seconds(1) && end <= now + std::chrono::seconds(1))
      busy_s += sim_s;
  }
  GpuActivity activity;
  activity.util_pct = std::min(100.0, 100.0 * busy_s / std::max(config_.options.speed, 1e-9));
  const bool recent = !busy_.empty() && busy_.back().first > now - std::chrono::seconds(1);
  activity.step_tokens = recent ? last_step_tokens_ : 0;
  // The energy counter must never go backwards, even where the pacing lets the simulated clock
  // seen from outside step back a little (a step's catch-up after a slow batch).
  elapsed_seen_s_ = std::max(elapsed_seen_s_, sim_time_at(now));
  activity.elapsed_s = elapsed_seen_s_;
  activity.busy_s = busy_total_s_;
  return render_gpu_metrics(config_, activity);
}

}  // namespace sonde::sim
