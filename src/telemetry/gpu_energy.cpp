#include "telemetry/gpu_energy.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <utility>

namespace sonde {
namespace {

struct Readings {
  std::vector<std::pair<double, double>> energy;  // (t_ms, counter J)
  std::vector<std::pair<double, double>> power;   // (t_ms, W)
};

// Sum of the counter's increases; a decrease (driver reloaded, counter reset) adds nothing.
double counter_joules(const std::vector<std::pair<double, double>>& r) {
  double sum = 0;
  for (std::size_t i = 1; i < r.size(); ++i) sum += std::max(0.0, r[i].second - r[i - 1].second);
  return sum;
}

double integrated_joules(const std::vector<std::pair<double, double>>& r) {
  double sum = 0;
  for (std::size_t i = 1; i < r.size(); ++i) {
    sum += (r[i].second + r[i - 1].second) / 2 * (r[i].first - r[i - 1].first) / 1000;
  }
  return sum;
}

}  // namespace

std::optional<EnergyRecord> summarize_energy(const GpuMemoryRecord& record) {
  std::map<int, Readings> by_gpu;
  for (const GpuSample& s : record.series) {
    if (s.energy_j) by_gpu[s.gpu].energy.emplace_back(s.t_ms, *s.energy_j);
    if (s.power_w) by_gpu[s.gpu].power.emplace_back(s.t_ms, *s.power_w);
  }
  EnergyRecord out;
  std::string method;
  for (const auto& [index, r] : by_gpu) {
    GpuEnergy g;
    g.index = index;
    for (const GpuMemorySummary& m : record.gpus) {
      if (m.index == index) g.name = m.name;
    }
    const auto& used = r.energy.size() >= 2 ? r.energy : r.power;
    if (used.size() < 2) continue;
    if (r.energy.size() >= 2) {
      g.method = "energy_counter";
      g.joules = counter_joules(r.energy);
    } else {
      g.method = "power_integrated";
      g.joules = integrated_joules(r.power);
    }
    g.window_s = (used.back().first - used.front().first) / 1000;
    g.mean_power_w = g.window_s > 0 ? g.joules / g.window_s : 0;
    for (const auto& reading : r.power) {
      g.peak_power_w = std::max(g.peak_power_w.value_or(reading.second), reading.second);
    }
    method = method.empty() || method == g.method ? g.method : "mixed";
    out.joules += g.joules;
    out.mean_power_w += g.mean_power_w;
    out.per_gpu.push_back(std::move(g));
  }
  if (out.per_gpu.empty()) return std::nullopt;
  out.source = record.source + ":" + method;
  return out;
}

void set_output_tokens(EnergyRecord& e, int64_t output_tokens) {
  e.output_tokens = output_tokens;
  e.joules_per_output_token = output_tokens > 0 ? e.joules / static_cast<double>(output_tokens)
                                                : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace sonde
