#include "sweep/sweep_rebuild.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "analysis/capacity_ranking.hpp"
#include "sweep/sweep_output.hpp"
#include "util/error.hpp"

namespace fs = std::filesystem;

namespace sonde {

SweepResult read_sweep_json(const std::string& dir) {
  const fs::path path = fs::path(dir) / "sweep.json";
  std::ifstream in(path);
  if (!in)
    throw UsageError(fmt::format("cannot read {}: no such file or not readable", path.string()));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw UsageError(fmt::format("{} is not valid JSON ({})", path.string(), e.what()));
  }
  const int version = j.is_object() ? j.value("schema_version", 0) : 0;
  if (version != kSweepSchemaVersion) {
    throw UsageError(
        fmt::format("{}: schema_version {} is not supported (this sonde reads {}); "
                    "regenerate it with this version of sonde",
                    path.string(), version, kSweepSchemaVersion));
  }
  SweepResult sweep;
  try {
    sweep = sweep_from_json(j);
  } catch (const nlohmann::json::exception& e) {
    throw UsageError(fmt::format("{} does not match sweep.json schema {}: {}", path.string(),
                                 kSweepSchemaVersion, e.what()));
  }
  return sweep;
}

SweepResult rebuild_sweep_reports(const std::string& dir, Lang lang,
                                  const report::ConclusionOptions& options,
                                  const ReportFormats& formats) {
  SweepResult sweep = read_sweep_json(dir);
  if (sweep.capacity)  // decided again under this call's --slo bounds
    sweep.capacity = analysis::decide_by_capacity(sweep, options.slos);
  write_sweep_reports(dir, sweep, lang, options, formats);
  return sweep;
}

}  // namespace sonde
