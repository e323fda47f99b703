#include "telemetry/gpu_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "results/json_util.hpp"

namespace sonde {

GpuSampler::GpuSampler(GpuReadFn read, std::string source, std::chrono::milliseconds interval)
    : read_(std::move(read)), source_(std::move(source)),
      interval_(std::max(interval, std::chrono::milliseconds(1))) {}

GpuSampler::~GpuSampler() { stop(); }

void GpuSampler::start(Clock::time_point epoch) {
  if (thread_.joinable()) return;
  epoch_ = epoch;
  record_ = GpuMemoryRecord{};
  record_.source = source_;
  record_.interval_ms = static_cast<double>(interval_.count());
  names_.clear();
  reads_power_ = false;
  {
    std::lock_guard lk(mu_);
    stop_requested_ = false;
  }
  if (!read_) return;  // source "none": an empty record, no thread
  thread_ = std::thread([this] { loop(); });
}

GpuMemoryRecord GpuSampler::stop() {
  if (thread_.joinable()) {
    {
      std::lock_guard lk(mu_);
      stop_requested_ = true;
    }
    cv_.notify_all();
    thread_.join();
    // Energy is a difference of counter readings (or an integral of power): without a reading
    // at the very end, up to one interval of the scenario would go uncounted.
    if (reads_power_) sample_once();
    record_.gpus = summarize_gpu_series(record_.series, names_);
  }
  return record_;
}

void GpuSampler::loop() {
  // A fixed schedule (start + k × interval) rather than sleep(interval) after each read, so a
  // slow source (nvidia-smi takes ~100 ms) does not stretch the period; missed ticks are skipped.
  auto next = Clock::now();
  std::unique_lock lk(mu_);
  while (!stop_requested_) {
    lk.unlock();
    sample_once();
    lk.lock();
    const auto now = Clock::now();
    while (next <= now) next += interval_;
    cv_.wait_until(lk, next, [this] { return stop_requested_; });
  }
}

void GpuSampler::sample_once() {
  std::vector<GpuInfo> gpus;
  const auto before = Clock::now();
  try {
    gpus = read_();
  } catch (const std::exception& e) {
    ++record_.failed_reads;
    record_.last_error = e.what();
    return;
  }
  // Stamp the middle of the read: nvidia-smi or an HTTP scrape can take ~100 ms.
  const double t_ms = ms_between(epoch_, before + (Clock::now() - before) / 2);
  for (const GpuInfo& g : gpus) {
    record_.series.push_back({t_ms, g.index, g.memory_used_bytes, g.memory_total_bytes,
                              g.utilization_pct, g.power_w, g.energy_j});
    reads_power_ = reads_power_ || g.power_w || g.energy_j;
  }
  ++record_.samples;
  for (const GpuInfo& g : gpus) names_[g.index] = g.name;
}

namespace {

struct Accumulator {
  std::optional<uint64_t> peak_used;
  long double sum_used = 0;  // long double: 10^4 samples of 10^11 bytes stay exact enough
  int64_t n_used = 0;
  std::optional<uint64_t> total;
  std::optional<double> peak_util;
};

template <typename T>
void keep_max(std::optional<T>& slot, const std::optional<T>& v) {
  if (v && (!slot || *v > *slot)) slot = v;
}

}  // namespace

std::vector<GpuMemorySummary> summarize_gpu_series(const std::vector<GpuSample>& series,
                                                   const std::map<int, std::string>& names) {
  std::map<int, Accumulator> acc;
  for (const auto& [index, name] : names) acc[index];  // a GPU never read still gets a row
  for (const GpuSample& s : series) {
    Accumulator& a = acc[s.gpu];
    keep_max(a.peak_used, s.used_bytes);
    if (s.used_bytes) {
      a.sum_used += static_cast<long double>(*s.used_bytes);
      ++a.n_used;
    }
    keep_max(a.total, s.total_bytes);
    keep_max(a.peak_util, s.utilization_pct);
  }
  std::vector<GpuMemorySummary> out;
  for (const auto& [index, a] : acc) {
    GpuMemorySummary g;
    g.index = index;
    const auto name = names.find(index);
    if (name != names.end()) g.name = name->second;
    g.peak_used_bytes = a.peak_used;
    if (a.n_used > 0) {
      g.mean_used_bytes = static_cast<uint64_t>(std::llround(a.sum_used / a.n_used));
    }
    g.total_bytes = a.total;
    g.peak_utilization_pct = a.peak_util;
    out.push_back(std::move(g));
  }
  return out;
}

void write_gpu_series_jsonl(std::ostream& out, const std::string& scenario, const GpuMemoryRecord& r) {
  for (const GpuSample& s : r.series) {
    nlohmann::json line = {{"scenario", scenario},
                           {"t_ms", json_detail::number(s.t_ms)},
                           {"gpu", s.gpu},
                           {"used_bytes", json_detail::optional_bytes(s.used_bytes)},
                           {"total_bytes", json_detail::optional_bytes(s.total_bytes)},
                           {"utilization_pct", json_detail::optional_number(s.utilization_pct)}};
    // Only sources that read power have these keys (older files and other sources lack them).
    if (s.power_w) line["power_w"] = json_detail::number(*s.power_w);
    if (s.energy_j) line["energy_j"] = json_detail::number(*s.energy_j);
    out << line.dump() << '\n';
  }
}

}  // namespace sonde
