#pragma once
// Optional byte counts in JSON: null when unknown (environment and gpu_memory records).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

namespace sonde {

inline nlohmann::json optional_bytes(const std::optional<uint64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

inline std::optional<uint64_t> read_optional_bytes(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<uint64_t>();
}

}  // namespace sonde
