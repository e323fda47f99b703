// The client benches: ingest, fidelity, schedule, footprint. Each runs the real run_plan against
// a server child process and reads the client's own figures from ClientHealth; fidelity reads
// the server's send instant ("sim_t_ns") from each chunk through ClientConfig::on_chunk.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "bench_client.hpp"
#include "bench_stall_watch.hpp"
#include "stats/distribution.hpp"
#include "workload/arrivals.hpp"

namespace sonde::bench {
namespace {

ClientConfig config_for(const std::string& base_url, int threads) {
  ClientConfig c;
  c.base_url = base_url;
  c.endpoint = "/v1/chat/completions";
  c.threads = threads;
  c.timeouts = Timeouts{.connect_s = 30, .first_token_s = 120, .idle_s = 60, .total_s = 600};
  return c;
}

// The send instant embedded by the server, or -1 when the payload has none (usage, [DONE]).
int64_t sim_t_ns(std::string_view payload) {
  constexpr std::string_view key = "\"sim_t_ns\":";
  const size_t from = payload.size() > 64 ? payload.size() - 64 : 0;
  const size_t k = payload.find(key, from);
  if (k == std::string_view::npos) return -1;
  size_t p = k + key.size();
  while (p < payload.size() && payload[p] == ' ') ++p;
  int64_t v = 0;
  while (p < payload.size() && payload[p] >= '0' && payload[p] <= '9')
    v = v * 10 + (payload[p++] - '0');
  return v;
}

// utime + stime of another process, in seconds.
double child_cpu_s(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t close = s.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(s.substr(close + 2));
  std::string f;
  double ticks = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(f);
    if (i == 15) break;
  }
  return ticks / double(sysconf(_SC_CLK_TCK));
}

DispatchPlan streams_plan(int streams, int tokens) {
  DispatchPlan plan;
  for (int i = 0; i < streams; ++i) plan.requests.push_back(stream_request(i, tokens));
  return plan;
}

}  // namespace

IngestResult ingest_once(const Blaster& server, int streams, int tokens, ClientTransport transport) {
  ClientConfig config = config_for(server.base_url(), 1);
  config.transport = transport;
  const DispatchPlan plan = streams_plan(streams, tokens);
  int64_t chunks = 0;
  int failed = 0;
  ClientHealth h;
  const double server_cpu0 = child_cpu_s(server.child.pid());
  run_plan(
      config, plan, Clock::now(),
      [&](RequestRecord&& r) {
        chunks += r.ttft_ms ? static_cast<int64_t>(r.itl_ms.size()) + 1 : 0;
        failed += r.ok ? 0 : 1;
      },
      nullptr, &h);
  IngestResult out;
  out.chunks = chunks;
  out.failed = failed;
  out.chunks_per_s = double(chunks) / h.wall_s;
  out.cpu_s_per_million = (h.cpu_user_s + h.cpu_system_s) / double(chunks) * 1e6;
  out.client_cpu_pct = h.cpu_util_pct;
  out.server_cpu_pct = 100.0 * (child_cpu_s(server.child.pid()) - server_cpu0) / h.wall_s;
  return out;
}

FidelityResult fidelity_once(const Blaster& server, int streams, int tokens, int threads,
                             ClientTransport transport) {
  ClientConfig config = config_for(server.base_url(), threads);
  config.transport = transport;
  const DispatchPlan plan = streams_plan(streams, tokens);
  // One vector per stream: each stream belongs to one worker thread, so no locking.
  std::vector<std::vector<int64_t>> delays(static_cast<size_t>(streams));
  for (auto& d : delays) d.reserve(static_cast<size_t>(tokens) + 4);
  config.on_chunk = [&](const PreparedRequest& req, std::string_view payload, Clock::time_point at) {
    const int64_t sent = sim_t_ns(payload);
    if (sent < 0) return;
    const int64_t received =
        std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
    delays[static_cast<size_t>(req.index)].push_back(received - sent);
  };
  int failed = 0;
  ClientHealth h;
  const double server_cpu0 = child_cpu_s(server.child.pid());
  StallWatch watch;
  run_plan(
      config, plan, Clock::now(), [&](RequestRecord&& r) { failed += r.ok ? 0 : 1; }, nullptr, &h);
  const double stall_ms = watch.stop();
  const double server_cpu = child_cpu_s(server.child.pid()) - server_cpu0;
  std::vector<double> delay_us;
  std::vector<double> itl_err_us;
  for (const auto& d : delays) {
    for (size_t k = 0; k < d.size(); ++k) {
      delay_us.push_back(double(d[k]) / 1e3);
      if (k > 0) itl_err_us.push_back(std::abs(double(d[k] - d[k - 1])) / 1e3);
    }
  }
  const Distribution dd = summarize(std::move(delay_us));
  const Distribution de = summarize(std::move(itl_err_us));
  FidelityResult out;
  out.stall_ms = stall_ms;
  out.delay_p50_us = dd.p50;
  out.delay_p99_us = dd.p99;
  out.delay_max_us = dd.max;
  out.itl_err_p50_us = de.p50;
  out.itl_err_p99_us = de.p99;
  out.itl_err_max_us = de.max;
  out.chunks = static_cast<int64_t>(dd.count);
  out.failed = failed;
  out.client_cpu_pct = h.cpu_util_pct;
  out.backlog_ms = h.max_receive_backlog_ms;
  out.wall_s = h.wall_s;
  out.server_cpu_pct = 100.0 * server_cpu / h.wall_s;
  return out;
}

ScheduleResult schedule_once(const Blaster& server, double rate, int requests, uint64_t seed) {
  const ClientConfig config = config_for(server.base_url(), 1);
  DispatchPlan plan;
  const std::vector<double> arrivals = poisson_arrivals(requests, rate, seed);
  for (int i = 0; i < requests; ++i) {
    PreparedRequest r = stream_request(i, 4);
    r.intended_offset_s = 0.05 + arrivals[static_cast<size_t>(i)];  // 50 ms to settle first
    plan.requests.push_back(std::move(r));
  }
  std::vector<double> lag_us;
  int failed = 0;
  ClientHealth h;
  StallWatch watch;
  run_plan(
      config, plan, Clock::now(),
      [&](RequestRecord&& r) {
        lag_us.push_back((r.start_ms - r.intended_start_ms) * 1e3);
        failed += r.ok ? 0 : 1;
      },
      nullptr, &h);
  const double stall_ms = watch.stop();
  const Distribution d = summarize(std::move(lag_us));
  return ScheduleResult{d.p50, d.p99, d.max, failed, h.cpu_util_pct, stall_ms};
}

FootprintResult footprint_once(const Blaster& server, int streams, int tokens) {
  const ClientConfig config = config_for(server.base_url(), 1);
  const DispatchPlan plan = streams_plan(streams, tokens);
  const double rss_before = rss_mib();
  std::atomic<bool> done{false};
  std::atomic<int> open{0};
  double peak = rss_before;
  std::thread sampler([&] {
    while (!done.load()) {
      peak = std::max(peak, rss_mib());
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  int failed = 0;
  ClientHealth h;
  run_plan(
      config, plan, Clock::now(), [&](RequestRecord&& r) { failed += r.ok ? 0 : 1; }, nullptr, &h);
  done = true;
  sampler.join();
  return FootprintResult{peak, peak - rss_before, h.cpu_util_pct, failed};
}

}  // namespace sonde::bench
