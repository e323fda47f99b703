#pragma once
// Helpers shared by the results JSON files: null for non-finite numbers and absent optionals,
// and typed reads that name the missing key.
#include <cmath>
#include <cstdint>
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

// An optional byte count: null when unknown.
inline nlohmann::json optional_bytes(const std::optional<uint64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

inline std::optional<uint64_t> read_optional_bytes(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<uint64_t>();
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

// A record that may be absent: null when unset, else its to_json.
template <typename T>
nlohmann::json optional_record(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// j[key] read with T's from_json; nullopt when absent, null, not an object, or unreadable (a
// hand-edited record reads as missing, so a report says "not recorded" instead of failing).
template <typename T>
std::optional<T> read_optional_record(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_object()) return std::nullopt;
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace sonde::json_detail
