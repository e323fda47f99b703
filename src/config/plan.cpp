#include "config/plan.hpp"

#include <fmt/format.h>

#include "config/suite.hpp"
#include "util/error.hpp"

namespace sonde {

void validate(const Plan& plan) {
  if (!plan.sim && plan.base_url.empty()) {
    throw UsageError("--base-url: required (e.g. --base-url http://127.0.0.1:8000), or use --sim");
  }
  if (!plan.base_url.empty() && plan.base_url.rfind("http://", 0) != 0 &&
      plan.base_url.rfind("https://", 0) != 0) {
    throw UsageError(fmt::format("--base-url: '{}' must start with http:// or https://", plan.base_url));
  }
  if (plan.endpoint != "/v1/chat/completions" && plan.endpoint != "/v1/completions") {
    throw UsageError(fmt::format(
        "--endpoint: '{}' is not supported; use /v1/chat/completions or /v1/completions",
        plan.endpoint));
  }
  if (plan.scenarios.empty()) throw UsageError("the suite has no scenarios");
  for (const auto& s : plan.scenarios) validate_scenario(s, "scenario '" + s.name + "'");
  if (plan.warmup < 0) throw UsageError("--warmup: must be >= 0");
  if (!(plan.timeout_s > 0)) throw UsageError("--timeout-s: must be > 0 seconds");
  if (!(plan.sim_speed > 0)) throw UsageError("--sim-speed: must be > 0");
  if (plan.lang != "ko" && plan.lang != "en") {
    throw UsageError(fmt::format("--lang: '{}' is not supported; use ko or en", plan.lang));
  }
}

}  // namespace sonde
