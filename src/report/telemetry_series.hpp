#pragma once
// The time series of a run's telemetry.jsonl (written by the runner beside run.json), read
// back for report.html's GPU-memory, KV-cache and GPU-power charts. Two kinds of line:
//   {"scenario","t_ms","gpu","used_bytes","total_bytes","utilization_pct"[,"power_w","energy_j"]}
//                                                                             one GPU reading
//   {"scenario","t_ms","kv_cache_usage","num_requests_running","num_requests_waiting"}  gauges
// t_ms counts from the start of the run, in (simulated) server time.
#include <cstdint>
#include <filesystem>
#include <istream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace sonde {

struct GpuSeriesPoint {
  std::string scenario;                   // scenario running at the time
  double t_ms = 0;                        // ms since the run started
  int gpu = 0;                            // GPU index
  std::optional<uint64_t> used_bytes;     // memory in use, bytes
  std::optional<uint64_t> total_bytes;    // memory size, bytes
  std::optional<double> utilization_pct;  // GPU busy %, 0..100
  std::optional<double> power_w;          // board power draw, W (sources that read it)
};

struct GaugeSeriesPoint {
  std::string scenario;                                              // scenario running at the time
  double t_ms = 0;                                                   // ms since the run started
  double kv_cache_usage = std::numeric_limits<double>::quiet_NaN();  // fraction 0–1
  double num_requests_running = std::numeric_limits<double>::quiet_NaN();  // requests
  double num_requests_waiting = std::numeric_limits<double>::quiet_NaN();  // requests
};

struct TelemetrySeries {
  std::vector<GpuSeriesPoint> gpu;       // GPU readings, in file order
  std::vector<GaugeSeriesPoint> gauges;  // vLLM gauge readings, in file order
  int skipped_lines = 0;                 // lines that were not telemetry (e.g. cut off by Ctrl-C)
};

// Reads telemetry.jsonl; a missing file gives an empty series (a run without telemetry is
// normal). Malformed lines are skipped and counted, never fatal: the charts are context.
TelemetrySeries read_telemetry_jsonl(const std::filesystem::path& path);
TelemetrySeries parse_telemetry_jsonl(std::istream& in);

}  // namespace sonde
