#include "sim/identity.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace sonde::sim {

std::string profile_label(const SimConfig& c) {
  const std::string base =
      fmt::format("{} x{} / {}", c.gpu.product_name, c.options.gpus, c.model.name);
  if (c.fitted_profile.empty()) return base;
  return fmt::format("{} / fitted profile {}", base, c.fitted_profile);
}

Identity identity_of(const SimConfig& c) { return {profile_label(c), c.options.speed}; }

std::string identity_header_value(const Identity& id) {
  std::string profile = id.profile;
  for (char& ch : profile) {
    if (ch == '\r' || ch == '\n') ch = ' ';  // a header value is one line
  }
  return fmt::format("time_scale={}; profile={}", id.time_scale, profile);
}

std::optional<Identity> parse_identity_header(std::string_view v) {
  constexpr std::string_view kScale = "time_scale=", kProfile = "; profile=";
  if (v.substr(0, kScale.size()) != kScale) return std::nullopt;
  v.remove_prefix(kScale.size());
  const size_t end = v.find(kProfile);
  if (end == std::string_view::npos) return std::nullopt;
  Identity id;
  const auto [ptr, ec] = std::from_chars(v.data(), v.data() + end, id.time_scale);
  if (ec != std::errc() || ptr != v.data() + end || !std::isfinite(id.time_scale) ||
      !(id.time_scale > 0)) {
    return std::nullopt;
  }
  id.profile = std::string(v.substr(end + kProfile.size()));
  while (!id.profile.empty() && (id.profile.back() == ' ' || id.profile.back() == '\t')) {
    id.profile.pop_back();
  }
  return id;
}

}  // namespace sonde::sim
