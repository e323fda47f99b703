#include "telemetry/gpu_smi.hpp"

#include <cmath>
#include <cstdlib>

#include "telemetry/process.hpp"
#include "util/error.hpp"

#include "util/text.hpp"

namespace sonde {
namespace {

std::vector<std::string_view> split_csv_line(std::string_view line) {
  std::vector<std::string_view> fields;
  for (;;) {
    const auto comma = line.find(',');
    fields.push_back(trim(line.substr(0, comma)));
    if (comma == std::string_view::npos) return fields;
    line = line.substr(comma + 1);
  }
}

// nvidia-smi prints "[N/A]", "[Not Supported]", "[Unknown Error]", ... for missing values.
bool missing(std::string_view v) { return v.empty() || v.front() == '[' || v == "N/A"; }

std::optional<double> number(std::string_view v) {
  if (missing(v)) return std::nullopt;
  const std::string s(v);
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || !std::isfinite(d) || d < 0) return std::nullopt;
  return d;
}

std::optional<uint64_t> mib_to_bytes(std::string_view v) {
  const auto d = number(v);
  if (!d) return std::nullopt;
  return static_cast<uint64_t>(std::llround(*d * static_cast<double>(kMiB)));
}

std::string text(std::string_view v) { return missing(v) ? std::string() : std::string(v); }

}  // namespace

SmiParse parse_nvidia_smi_csv(std::string_view csv) {
  SmiParse out;
  while (!csv.empty()) {
    const auto nl = csv.find('\n');
    const std::string_view line = trim(csv.substr(0, nl));
    csv = nl == std::string_view::npos ? std::string_view{} : csv.substr(nl + 1);
    const auto f = split_csv_line(line);
    if (f.size() < 7) continue;  // blank line or an error message, not a GPU row
    const auto index = number(f[0]);
    if (!index) continue;
    GpuInfo g;
    g.index = static_cast<int>(*index);
    g.name = text(f[1]);
    g.uuid = text(f[2]);
    g.pci_bus_id = text(f[3]);
    g.memory_total_bytes = mib_to_bytes(f[4]);
    g.memory_used_bytes = mib_to_bytes(f[5]);
    g.utilization_pct = number(f[6]);
    if (f.size() > 7 && out.driver_version.empty()) out.driver_version = text(f[7]);
    if (f.size() > 8) g.power_w = number(f[8]);
    out.gpus.push_back(std::move(g));
  }
  return out;
}

std::string parse_smi_cuda_version(std::string_view banner) {
  constexpr std::string_view key = "CUDA Version:";
  const auto at = banner.find(key);
  if (at == std::string_view::npos) return {};
  std::string_view rest = trim(banner.substr(at + key.size()));
  const auto end = rest.find_first_not_of("0123456789.");
  const std::string v(rest.substr(0, end));
  return missing(v) ? std::string() : v;
}

std::string default_nvidia_smi() {
  const char* env = std::getenv("SONDE_NVIDIA_SMI");
  return env && *env ? env : "nvidia-smi";
}

std::vector<GpuInfo> query_nvidia_smi(const std::string& binary, std::chrono::milliseconds timeout) {
  const ProcessResult r = run_process(
      {binary, std::string("--query-gpu=") + kSmiQueryFields, "--format=csv,noheader,nounits"},
      timeout);
  if (!r.error.empty()) throw Error(ExitCode::failure, r.error);
  return parse_nvidia_smi_csv(r.out).gpus;
}

std::optional<GpuInventory> smi_inventory(const std::string& binary,
                                          std::chrono::milliseconds timeout, std::string* why) {
  const ProcessResult r = run_process(
      {binary, std::string("--query-gpu=") + kSmiQueryFields, "--format=csv,noheader,nounits"},
      timeout);
  auto fail = [&](const std::string& reason) -> std::optional<GpuInventory> {
    if (why) *why = reason;
    return std::nullopt;
  };
  if (!r.started) return fail(binary + " not found");
  if (!r.error.empty()) return fail(r.error);
  SmiParse parsed = parse_nvidia_smi_csv(r.out);
  if (parsed.gpus.empty()) return fail(binary + " listed no GPU");
  GpuInventory inv;
  inv.source = "nvidia-smi";
  inv.driver_version = parsed.driver_version;
  inv.gpus = std::move(parsed.gpus);
  // The query interface has no CUDA-version field on older drivers; the banner always does.
  const ProcessResult banner = run_process({binary}, timeout);
  if (banner.error.empty()) inv.cuda_driver_version = parse_smi_cuda_version(banner.out);
  return inv;
}

}  // namespace sonde
