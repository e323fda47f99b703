#include "report/server_side.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "report/format.hpp"

namespace sonde::report {

const std::optional<Environment>& environment_of(const RunResult& run) { return run.environment; }

bool recorded_on_client(const RunResult& run) {
  return run.environment && run.environment->recorded_on == "client host";
}

const std::optional<GpuMemoryRecord>& gpu_memory_of(const ScenarioResult& sc) {
  return sc.gpu_memory;
}

const std::optional<ServerMetricsDelta>& server_metrics_of(const ScenarioResult& sc) {
  return sc.server_metrics;
}

std::optional<GpuMemorySummary> busiest_gpu(const GpuMemoryRecord& record) {
  std::optional<GpuMemorySummary> best;
  for (const GpuMemorySummary& g : record.gpus) {
    if (!g.peak_used_bytes) continue;
    if (!best || *g.peak_used_bytes > *best->peak_used_bytes) best = g;
  }
  return best;
}

double gib(uint64_t bytes) { return double(bytes) / double(1ull << 30); }

std::string percent(double fraction) {
  if (!std::isfinite(fraction)) return kMissing;
  return number(fraction * 100.0, 1) + "%";
}

std::vector<ServerSetting> settings_named(const RunResult& run, const std::string& name) {
  std::vector<ServerSetting> out;
  for (const ServerSetting& s : run.server.settings) {
    if (s.name == name) out.push_back(s);
  }
  return out;
}

namespace {

std::optional<double> as_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (*end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::optional<double> setting_number(const RunResult& run, const std::string& name) {
  const auto values = settings_named(run, name);
  if (values.empty()) return std::nullopt;
  return as_number(values.front().value);
}

bool same_setting_value(const std::string& a, const std::string& b) {
  const auto na = as_number(a), nb = as_number(b);
  if (na && nb) return *na == *nb;
  return lower(a) == lower(b);
}

bool setting_has_warning(const RunResult& run, const std::string& name) {
  const std::string prefix = "setting " + name + ":";
  for (const std::string& w : run.warnings) {
    if (w.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

std::string source_label(const std::string& source, const Messages& m) {
  if (source == "simulator") return m.src_simulator;
  if (source == "launched") return m.src_launched;
  if (source == "suite") return m.src_suite;
  if (source == "cache_config_info") return m.src_cache_config;
  return "`" + source + "`";  // "--server-args", "/v1/models": literal names
}

std::string load_case(const ScenarioSpec& spec, const Messages& m) {
  if (const auto* trace = std::get_if<TraceSource>(&spec.source)) {
    return m.case_trace.format(arg<"speedup">(trimmed(trace->speedup, 3)));
  }
  if (spec.load == LoadShape::rate) {
    return m.case_rate.format(arg<"rate">(rate_label(spec)));
  }
  if (spec.load == LoadShape::closed && spec.concurrency == 1) {
    return m.case_len.format(arg<"len">(integer(spec.input_len)));
  }
  return m.case_conc.format(arg<"c">(spec.concurrency));
}

}  // namespace sonde::report
