#include "report/format.hpp"

namespace sonde::report {

std::string rate_label(const ScenarioSpec& spec) {
  if (spec.ramp) return trimmed(spec.ramp->from_rate, 3) + "→" + trimmed(spec.ramp->to_rate, 3);
  return trimmed(spec.request_rate, 3);
}

}  // namespace sonde::report
