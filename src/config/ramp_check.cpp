#include <fmt/format.h>

#include <cmath>

#include "config/suite.hpp"
#include "util/error.hpp"

namespace sonde {

void validate_ramp(const ScenarioSpec& s, const std::string& where) {
  if (!s.ramp) return;
  auto fail = [&](const std::string& key, const std::string& what) {
    throw UsageError(fmt::format("{}: {}: {}", where, key, what));
  };
  if (s.load != LoadShape::rate) {
    fail("ramp", fmt::format("only for load 'rate' (this scenario's load is '{}'); add load: rate "
                             "or remove the ramp",
                             to_string(s.load)));
  }
  if (s.request_rate != 0) {
    fail("request_rate",
         "not allowed with a ramp, whose from_rate and to_rate set the rate; "
         "remove request_rate (or the ramp)");
  }
  const RateRamp& r = *s.ramp;
  if (!(r.from_rate >= 0) || !std::isfinite(r.from_rate))
    fail("ramp.from_rate", fmt::format("must be >= 0 requests per second, got {}", r.from_rate));
  if (!(r.to_rate > 0) || !std::isfinite(r.to_rate))
    fail("ramp.to_rate", fmt::format("must be > 0 requests per second, got {}", r.to_rate));
  if (!(r.duration_s > 0) || !std::isfinite(r.duration_s))
    fail("ramp.duration_s", fmt::format("must be > 0 seconds, got {}", r.duration_s));
}

}  // namespace sonde
