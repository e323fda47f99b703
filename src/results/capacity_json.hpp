#pragma once
// capacity.json: schema_version, load, slos, target_attainment_pct, status, capacity,
// capacity_rps, capacity_output_tps, bracket [lo, hi] and probes (docs/metrics.md "Capacity").
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "results/capacity.hpp"

namespace sonde {

inline constexpr int kCapacitySchemaVersion = 1;

void to_json(nlohmann::json& j, const LatencyPercentiles& p);
void from_json(const nlohmann::json& j, LatencyPercentiles& p);
void to_json(nlohmann::json& j, const CapacityProbe& p);
void from_json(const nlohmann::json& j, CapacityProbe& p);
void to_json(nlohmann::json& j, const CapacityResult& c);
void from_json(const nlohmann::json& j, CapacityResult& c);

// capacity.json text (2-space indent, trailing newline).
std::string capacity_json_text(const CapacityResult& c);

}  // namespace sonde
