#pragma once
// Helpers shared by the results JSON files: null for non-finite numbers and absent optionals,
// and typed reads that name the missing key.
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace sonde::json_detail {

// A double as JSON: null when NaN or infinite (JSON has no NaN; readers must not see one).
inline nlohmann::json number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

inline nlohmann::json optional_number(const std::optional<double>& v) {
  return v ? number(*v) : nlohmann::json(nullptr);
}

// Reads j[key] into a double; null reads as NaN. Throws nlohmann's out_of_range when absent.
inline double read_number(const nlohmann::json& j, const char* key) {
  const nlohmann::json& v = j.at(key);
  return v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>();
}

inline std::optional<double> read_optional_number(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<double>();
}

// j[key] when present, else `fallback`: for fields added after schema 1 went out.
template <typename T>
T value_or(const nlohmann::json& j, const char* key, T fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  return it->get<T>();
}

}  // namespace sonde::json_detail
