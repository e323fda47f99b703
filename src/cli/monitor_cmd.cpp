// `sonde monitor`: a live view of GPU memory and vLLM's running / waiting / KV-cache gauges —
// the `watch -n 0.5 nvidia-smi` of the user's request, with the server's own view beside it.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <thread>

#include "cli/commands.hpp"
#include "metrics/vllm_metrics.hpp"
#include "runner/telemetry_session.hpp"
#include "telemetry/gpu_probe.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

std::atomic<bool> g_monitor_stop{false};
extern "C" void on_monitor_signal(int) { g_monitor_stop = true; }

struct MonitorFlags {
  std::string base_url;
  std::string gpu_metrics_url;
  double interval_s = 0.5;
  bool once = false;
  int count = 0;  // 0 = until Ctrl-C
};

constexpr double kGiB = 1024.0 * 1024 * 1024;

std::string gpu_lines(const GpuProbe& probe) {
  if (!probe.read)
    return fmt::format("GPU  {}\n",
                       probe.inventory.note.empty() ? "no NVIDIA GPU found" : probe.inventory.note);
  std::string out;
  for (const auto& g : probe.read()) {
    const double used = g.memory_used_bytes ? *g.memory_used_bytes / kGiB : NAN;
    const double total = g.memory_total_bytes ? *g.memory_total_bytes / kGiB : NAN;
    out += fmt::format("GPU {} {:<28} mem {:7.2f} / {:6.2f} GiB ({:5.1f} %)  util {}\n", g.index,
                       g.name, used, total, 100 * used / total,
                       g.utilization_pct ? fmt::format("{:.0f} %", *g.utilization_pct) : "n/a");
  }
  return out;
}

std::string vllm_line(const std::string& url, std::optional<double>& last_gen,
                      Clock::time_point& last_t) {
  if (url.empty()) return "";
  const auto page = scrape_metrics(url, std::nullopt);
  if (!page) return fmt::format("vLLM {}: no metrics\n", url);
  const VllmGauges g = read_vllm_gauges(*page);
  double gen = 0;
  for (std::size_t i : page->indices("vllm:generation_tokens_total")) gen += page->samples[i].value;
  const auto now = Clock::now();
  std::string rate = "-";
  if (last_gen) rate = fmt::format("{:.0f}", (gen - *last_gen) / (ms_between(last_t, now) / 1000));
  last_gen = gen;
  last_t = now;
  return fmt::format(
      "vLLM running {:3.0f}  waiting {:3.0f}  KV cache {:5.1f} %  generation {} tok/s\n",
      g.num_requests_running, g.num_requests_waiting, 100 * g.kv_cache_usage_max, rate);
}

int monitor_action(const MonitorFlags& f) {
  if (!(f.interval_s > 0)) throw UsageError("--interval-s: must be > 0");
  GpuProbeOptions options;
  options.metrics_url = f.gpu_metrics_url;
  const GpuProbe probe = probe_gpus(options);
  const std::string metrics_url = f.base_url.empty() ? "" : f.base_url + "/metrics";
  std::signal(SIGINT, on_monitor_signal);
  std::signal(SIGTERM, on_monitor_signal);
  const bool live = isatty(STDOUT_FILENO) == 1 && !f.once;
  std::optional<double> last_gen;
  Clock::time_point last_t = Clock::now();
  for (int n = 0; !g_monitor_stop.load(); ++n) {
    const std::string screen = gpu_lines(probe) + vllm_line(metrics_url, last_gen, last_t);
    fmt::print("{}{}", live ? "\033[H\033[2J" : "", screen);
    std::fflush(stdout);
    if (f.once || (f.count > 0 && n + 1 >= f.count)) break;
    const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(f.interval_s));
    while (!g_monitor_stop.load() && Clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return 0;
}

}  // namespace

Action add_monitor_command(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("monitor", "Live GPU memory and vLLM running/waiting/KV-cache gauges");
  auto f = std::make_shared<MonitorFlags>();
  cmd->add_option("--base-url", f->base_url, "vLLM server whose /metrics to watch");
  cmd->add_option("--gpu-metrics-url", f->gpu_metrics_url, "DCGM exporter (remote server's GPUs)");
  cmd->add_option("--interval-s", f->interval_s, "Refresh period, seconds")->capture_default_str();
  cmd->add_flag("--once", f->once, "Print one reading and exit");
  cmd->add_option("--count", f->count, "Stop after N readings (0 = until Ctrl-C)");
  return [f] { return monitor_action(*f); };
}

}  // namespace sonde
