#include "sim/gpu_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/text_gen.hpp"

namespace sonde::sim {

int64_t gpu_used_bytes(const SimConfig& c, int64_t step_tokens) {
  const auto activations = std::min<int64_t>(
      c.activation_reserve_bytes,
      static_cast<int64_t>(static_cast<double>(step_tokens) * c.activation_bytes_per_token()));
  return c.non_torch_bytes + c.weight_bytes_per_gpu + c.num_gpu_blocks * c.block_bytes_per_gpu +
         activations;
}

double gpu_power_w(const SimConfig& c, double util_pct) {
  if (c.gpu.board_power_w <= 0) return 0;
  const double busy = std::clamp(util_pct / 100, 0.0, 1.0);
  return c.gpu.idle_power_w + (c.gpu.board_power_w - c.gpu.idle_power_w) * busy;
}

double gpu_energy_j(const SimConfig& c, double elapsed_s, double busy_s) {
  if (c.gpu.board_power_w <= 0) return 0;
  return c.gpu.idle_power_w * elapsed_s +
         (c.gpu.board_power_w - c.gpu.idle_power_w) * std::min(busy_s, elapsed_s);
}

namespace {

// splitmix64's finaliser: FNV hashes of similar names differ in few bits; this spreads them.
uint64_t spread(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::string gpu_uuid(const std::string& gpu_name, int index) {
  const uint64_t a = spread(hash_text(fmt::format("sonde-sim/{}/{}", gpu_name, index)));
  const uint64_t b = spread(a ^ 0x5eed);
  return fmt::format("GPU-{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xffff,
                     a & 0xffff, b >> 48, b & 0xffffffffffffULL);
}

std::string render_gpu_metrics(const SimConfig& c, const GpuActivity& activity) {
  const int n = std::max(c.options.gpus, c.tp);
  const int64_t total_mib = c.gpu.memory_mib;
  struct Row {
    int64_t used_mib;   // framebuffer used (MiB)
    double util;        // utilisation (%)
    double power_w;     // power draw (W)
    int64_t energy_mj;  // energy since start (mJ)
  };
  std::vector<Row> rows;
  for (int i = 0; i < n; ++i) {
    const bool engine = i < c.tp;
    const int64_t used =
        engine ? std::min(total_mib, gpu_used_bytes(c, activity.step_tokens) >> 20) : 0;
    const double util = engine ? activity.util_pct : 0.0;
    const double joules = gpu_energy_j(c, activity.elapsed_s, engine ? activity.busy_s : 0.0);
    rows.push_back({used, util, gpu_power_w(c, util), static_cast<int64_t>(joules * 1000)});
  }
  const auto labels = [&](int i) {
    return fmt::format(
        "gpu=\"{}\",UUID=\"{}\",pci_bus_id=\"00000000:{:02X}:00.0\","
        "device=\"nvidia{}\",modelName=\"{}\",Hostname=\"sonde-sim\"",
        i, gpu_uuid(c.gpu.name, i), 0x18 + 0x11 * i, i, c.gpu.product_name);
  };
  std::string out;
  const auto family = [&](const char* name, const char* help, auto value) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, help, name);
    for (int i = 0; i < n; ++i) out += fmt::format("{}{{{}}} {}\n", name, labels(i), value(i));
  };
  family("DCGM_FI_DEV_GPU_UTIL", "GPU utilization (in %).",
         [&](int i) { return static_cast<int64_t>(rows[i].util + 0.5); });
  family("DCGM_FI_DEV_FB_FREE", "Framebuffer memory free (in MiB).",
         [&](int i) { return total_mib - rows[i].used_mib; });
  family("DCGM_FI_DEV_FB_USED", "Framebuffer memory used (in MiB).",
         [&](int i) { return rows[i].used_mib; });
  if (c.gpu.board_power_w > 0) {
    family("DCGM_FI_DEV_POWER_USAGE", "Power draw (in W).",
           [&](int i) { return fmt::format("{:.3f}", rows[i].power_w); });
    // A counter in dcgm-exporter; family() writes "gauge", so this one is written by hand.
    const char* energy = "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION";
    out +=
        fmt::format("# HELP {} Total energy consumption since boot (in mJ).\n# TYPE {} counter\n",
                    energy, energy);
    for (int i = 0; i < n; ++i) {
      out += fmt::format("{}{{{}}} {}\n", energy, labels(i), rows[i].energy_mj);
    }
  }
  return out;
}

}  // namespace sonde::sim
