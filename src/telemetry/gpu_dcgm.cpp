#include "telemetry/gpu_dcgm.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "client/http.hpp"
#include "metrics/prometheus.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

// MIG instances share the parent's gpu/UUID labels and differ by GPU_I_ID.
using Key = std::tuple<int, std::string, std::string>;  // (gpu, UUID, GPU_I_ID)

struct Partial {
  GpuInfo info;
  std::optional<double> used_mib;  // DCGM_FI_DEV_FB_USED
  std::optional<double> free_mib;  // DCGM_FI_DEV_FB_FREE
};

std::string label(const MetricLabels& labels, std::string_view name) {
  const auto v = label_value(labels, name);
  return v ? std::string(*v) : std::string();
}

std::optional<double> finite_non_negative(double v) {
  if (!std::isfinite(v) || v < 0) return std::nullopt;
  return v;
}

uint64_t mib_bytes(double mib) {
  return static_cast<uint64_t>(std::llround(mib * static_cast<double>(kMiB)));
}

}  // namespace

DcgmParse parse_dcgm_metrics(std::string_view text) {
  const MetricsPage page = parse_prometheus_text(text);
  std::map<Key, Partial> by_gpu;
  DcgmParse out;
  for (const MetricSample& s : page.samples) {
    const bool used = s.name == "DCGM_FI_DEV_FB_USED";
    const bool free = s.name == "DCGM_FI_DEV_FB_FREE";
    const bool util = s.name == "DCGM_FI_DEV_GPU_UTIL";
    const bool power = s.name == "DCGM_FI_DEV_POWER_USAGE";                // W
    const bool energy = s.name == "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION";  // mJ since boot
    if (!used && !free && !util && !power && !energy) continue;
    const std::string gpu = label(s.labels, "gpu");
    int index = 0;
    try {
      index = std::stoi(gpu);
    } catch (const std::exception&) {
      continue;  // a series without a GPU number cannot be attributed
    }
    Partial& p = by_gpu[Key{index, label(s.labels, "UUID"), label(s.labels, "GPU_I_ID")}];
    p.info.index = index;
    p.info.uuid = label(s.labels, "UUID");
    if (p.info.name.empty()) p.info.name = label(s.labels, "modelName");
    if (p.info.pci_bus_id.empty()) p.info.pci_bus_id = label(s.labels, "pci_bus_id");
    if (out.driver_version.empty()) out.driver_version = label(s.labels, "DCGM_FI_DRIVER_VERSION");
    const auto v = finite_non_negative(s.value);
    if (used) p.used_mib = v;
    if (free) p.free_mib = v;
    if (util) p.info.utilization_pct = v;
    if (power) p.info.power_w = v;
    if (energy && v) p.info.energy_j = *v / 1e3;
  }
  for (auto& [key, p] : by_gpu) {
    if (p.used_mib) p.info.memory_used_bytes = mib_bytes(*p.used_mib);
    if (p.used_mib && p.free_mib) p.info.memory_total_bytes = mib_bytes(*p.used_mib + *p.free_mib);
    out.gpus.push_back(std::move(p.info));
  }
  return out;
}

namespace {

DcgmParse fetch_and_parse(const std::string& url, double timeout_s) {
  const HttpResponse r = http_get(url, std::nullopt, timeout_s);
  if (r.status == 0) {
    throw Error(ExitCode::failure, "GPU metrics URL " + url + " unreachable: " + r.error);
  }
  if (r.status != 200) {
    throw Error(ExitCode::failure,
                "GPU metrics URL " + url + " answered HTTP " + std::to_string(r.status));
  }
  DcgmParse parsed = parse_dcgm_metrics(r.body);
  if (parsed.gpus.empty()) {
    throw Error(ExitCode::failure, "GPU metrics URL " + url +
                                       " has no DCGM_FI_DEV_FB_USED/FB_FREE/GPU_UTIL series; "
                                       "is it a DCGM exporter?");
  }
  return parsed;
}

}  // namespace

std::vector<GpuInfo> fetch_dcgm(const std::string& url, double timeout_s) {
  return fetch_and_parse(url, timeout_s).gpus;
}

std::optional<GpuInventory> dcgm_inventory(const std::string& url, double timeout_s,
                                           std::string* why) {
  try {
    DcgmParse parsed = fetch_and_parse(url, timeout_s);
    GpuInventory inv;
    inv.source = "dcgm";
    inv.driver_version = parsed.driver_version;
    inv.gpus = std::move(parsed.gpus);
    return inv;
  } catch (const Error& e) {
    if (why) *why = e.what();
    return std::nullopt;
  }
}

}  // namespace sonde
