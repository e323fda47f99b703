#include "telemetry/specs_text.hpp"

#include <fmt/format.h>

#include "telemetry/process.hpp"

namespace sonde {
namespace {

constexpr int kLabelWidth = 15;

void line(std::string& out, std::string_view label, std::string_view value) {
  out += fmt::format("{:<{}}{}\n", label, kLabelWidth, value.empty() ? "unknown" : value);
}

std::string gib(uint64_t bytes) {
  return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
}

std::string source_label(const std::string& source) {
  if (source == "nvml") return "NVML";
  if (source == "dcgm") return "DCGM exporter";
  return source;
}

std::string gpu_summary(const GpuInfo& g) {
  std::string s = g.name.empty() ? "unknown GPU" : g.name;
  if (g.memory_total_bytes) s += ", " + gib(*g.memory_total_bytes);
  if (g.memory_used_bytes) s += ", " + gib(*g.memory_used_bytes) + " used";
  if (g.utilization_pct) s += fmt::format(", util {:.0f} %", *g.utilization_pct);
  return s;
}

void gpu_lines(std::string& out, const GpuInventory& inv) {
  if (inv.gpus.empty()) {
    line(out, "GPUs", inv.note.empty() ? "no NVIDIA GPU found" : inv.note);
    return;
  }
  line(out, "GPUs", fmt::format("{} (via {})", inv.gpus.size(), source_label(inv.source)));
  for (const GpuInfo& g : inv.gpus) {
    line(out, fmt::format("  GPU {}", g.index), gpu_summary(g));
    std::string ids;
    if (!g.uuid.empty()) ids += g.uuid;
    if (!g.pci_bus_id.empty()) ids += (ids.empty() ? "bus " : ", bus ") + g.pci_bus_id;
    if (!ids.empty()) line(out, "", ids);
  }
  line(out, "Driver", inv.driver_version);
  line(out, "CUDA driver", inv.cuda_driver_version);
  if (!inv.note.empty()) line(out, "Note", inv.note);
}

void server_lines(std::string& out, const ServerFacts& s) {
  line(out, "Server", s.base_url);
  line(out, "vLLM", s.vllm_version);
  line(out, "Model", s.model_id);
  if (!s.model_root.empty() && s.model_root != s.model_id) line(out, "Model root", s.model_root);
  line(out, "Max model len", s.max_model_len > 0 ? std::to_string(s.max_model_len) : "");
}

}  // namespace

std::string format_specs_text(const SystemSpecs& s, const GpuInventory& gpus,
                              const std::optional<ServerFacts>& server) {
  std::string out;
  line(out, "CPU",
       s.arch.empty() || s.cpu_model.empty() ? s.cpu_model
                                             : fmt::format("{} ({})", s.cpu_model, s.arch));
  line(out, "Cores",
       s.cpu_threads > 0 ? fmt::format("{} physical, {} threads", s.cpu_cores, s.cpu_threads) : "");
  line(out, "RAM", s.memory_bytes > 0 ? gib(s.memory_bytes) : "");
  // PRETTY_NAME usually contains the version already ("Debian GNU/Linux 12 (bookworm)").
  const bool version_shown =
      s.os_version.empty() || s.os_name.find(s.os_version) != std::string::npos;
  line(out, "OS", version_shown ? s.os_name : fmt::format("{} {}", s.os_name, s.os_version));
  line(out, "Kernel", s.kernel);
  line(out, "Host", s.hostname);
  gpu_lines(out, gpus);
  if (server) server_lines(out, *server);
  return out;
}

std::optional<std::string> local_vllm_version(std::chrono::milliseconds timeout) {
  const ProcessResult r =
      run_process({"python3", "-c", "import vllm; print(vllm.__version__)"}, timeout);
  if (!r.error.empty()) return std::nullopt;
  std::string v = r.out;
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r' || v.back() == ' ')) v.pop_back();
  // Only the last line: a package may print warnings to stdout while importing.
  const auto nl = v.rfind('\n');
  if (nl != std::string::npos) v = v.substr(nl + 1);
  if (v.empty()) return std::nullopt;
  return v;
}

}  // namespace sonde
