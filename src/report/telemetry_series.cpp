#include "report/telemetry_series.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

namespace sonde {
namespace {

double number_or_nan(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::numeric_limits<double>::quiet_NaN();
  return it->get<double>();
}

std::optional<uint64_t> bytes(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  const double v = it->get<double>();
  return v >= 0 ? std::optional<uint64_t>(static_cast<uint64_t>(v)) : std::nullopt;
}

// One line into `out`; false when it is not a telemetry line.
bool parse_line(const std::string& line, TelemetrySeries& out) {
  const nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("t_ms") || !j["t_ms"].is_number()) return false;
  const std::string scenario = j.value("scenario", std::string());
  const double t_ms = j["t_ms"].get<double>();
  if (j.contains("gpu") && j["gpu"].is_number_integer()) {
    GpuSeriesPoint p{scenario,
                     t_ms,
                     j["gpu"].get<int>(),
                     bytes(j, "used_bytes"),
                     bytes(j, "total_bytes"),
                     std::nullopt,
                     std::nullopt};
    const double util = number_or_nan(j, "utilization_pct");
    if (util == util) p.utilization_pct = util;
    const double power = number_or_nan(j, "power_w");
    if (power == power) p.power_w = power;
    out.gpu.push_back(std::move(p));
    return true;
  }
  if (j.contains("kv_cache_usage") || j.contains("num_requests_running")) {
    out.gauges.push_back({scenario, t_ms, number_or_nan(j, "kv_cache_usage"),
                          number_or_nan(j, "num_requests_running"),
                          number_or_nan(j, "num_requests_waiting")});
    return true;
  }
  return false;
}

}  // namespace

TelemetrySeries parse_telemetry_jsonl(std::istream& in) {
  TelemetrySeries out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (!parse_line(line, out)) ++out.skipped_lines;
  }
  return out;
}

TelemetrySeries read_telemetry_jsonl(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return {};
  return parse_telemetry_jsonl(in);
}

}  // namespace sonde
