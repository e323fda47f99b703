#include "report/console.hpp"

#include <fmt/format.h>

#include <cmath>

namespace sonde {
namespace {

std::string num(double v, int precision) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, precision) : "-";
}

}  // namespace

void print_console_summary(const RunResult& run, std::FILE* out) {
  fmt::print(out, "\n{:=^112}\n", run.simulated ? " sonde: simulated server " : " sonde ");
  fmt::print(out, "{:<16} {:>5} {:>5} {:>8} {:>10} {:>10} {:>9} {:>10} {:>10} {:>10} {:>10}\n",
             "scenario", "ok", "fail", "in tok", "TTFT p50", "TTFT p99", "TPOT", "E2E mean",
             "decode", "out tok/s", "req/s");
  fmt::print(out, "{:<16} {:>5} {:>5} {:>8} {:>10} {:>10} {:>9} {:>10} {:>10} {:>10} {:>10}\n", "",
             "", "", "mean", "ms", "ms", "ms", "ms", "tok/s", "total", "");
  for (const auto& s : run.scenarios) {
    const auto& m = s.summary;
    fmt::print(out, "{:<16} {:>5} {:>5} {:>8} {:>10} {:>10} {:>9} {:>10} {:>10} {:>10} {:>10}\n",
               s.spec.name, m.completed, m.failed, num(m.input_tokens.mean, 0),
               num(m.ttft_ms.p50, 1), num(m.ttft_ms.p99, 1), num(m.tpot_ms.mean, 2),
               num(m.e2el_ms.mean, 0), num(m.decode_tokens_per_s.mean, 1),
               num(m.output_throughput, 1), num(m.request_throughput, 3));
  }
  fmt::print(out, "{:=^112}\n", "");
  if (run.simulated) {
    fmt::print(out, "Times are simulated-GPU time ({}; simulator ran {}x faster than real time).\n",
               run.sim_profile, run.sim_speed);
  }
}

}  // namespace sonde
