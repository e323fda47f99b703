// JSON of run.json's per-scenario `gpu_memory`.
#include <nlohmann/json.hpp>

#include "results/gpu_memory.hpp"
#include "results/json_util.hpp"

namespace sonde {

using json_detail::optional_bytes;
using json_detail::read_optional_bytes;

void to_json(nlohmann::json& j, const GpuMemoryRecord& r) {
  nlohmann::json gpus = nlohmann::json::array();
  for (const GpuMemorySummary& g : r.gpus) {
    gpus.push_back({{"index", g.index},
                    {"name", g.name},
                    {"peak_used_bytes", optional_bytes(g.peak_used_bytes)},
                    {"mean_used_bytes", optional_bytes(g.mean_used_bytes)},
                    {"total_bytes", optional_bytes(g.total_bytes)},
                    {"peak_utilization_pct", json_detail::optional_number(g.peak_utilization_pct)}});
  }
  j = {{"source", r.source},
       {"interval_ms", json_detail::number(r.interval_ms)},
       {"samples", r.samples},
       {"gpus", std::move(gpus)}};
  if (r.failed_reads > 0) j["failed_reads"] = r.failed_reads;
  if (!r.last_error.empty()) j["last_error"] = r.last_error;
}

void from_json(const nlohmann::json& j, GpuMemoryRecord& r) {
  using json_detail::value_or;
  r = GpuMemoryRecord{};
  r.source = value_or<std::string>(j, "source", "");
  r.interval_ms = value_or<double>(j, "interval_ms", 0);
  r.samples = value_or<int>(j, "samples", 0);
  r.failed_reads = value_or<int>(j, "failed_reads", 0);
  r.last_error = value_or<std::string>(j, "last_error", "");
  auto gpus = j.find("gpus");
  if (gpus == j.end() || !gpus->is_array()) return;
  for (const nlohmann::json& g : *gpus) {
    GpuMemorySummary s;
    s.index = value_or<int>(g, "index", 0);
    s.name = value_or<std::string>(g, "name", "");
    s.peak_used_bytes = read_optional_bytes(g, "peak_used_bytes");
    s.mean_used_bytes = read_optional_bytes(g, "mean_used_bytes");
    s.total_bytes = read_optional_bytes(g, "total_bytes");
    s.peak_utilization_pct = json_detail::read_optional_number(g, "peak_utilization_pct");
    r.gpus.push_back(std::move(s));
  }
}

}  // namespace sonde
