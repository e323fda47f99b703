#pragma once
// Number formatting for reports: the one definition in util/number_format.hpp (shared with the
// charts in chart/), under the names the report's files use.
#include "util/number_format.hpp"

#include "config/scenario.hpp"

namespace sonde::report {

using sonde::autonum;
using sonde::integer;
using sonde::kMissing;
using sonde::number;
using sonde::seconds_from_ms;
using sonde::trimmed;

// A rate scenario's request rate as a number to put before "req/s": "2.5", or "1→20" for a
// ramp (report/rate_label.cpp).
std::string rate_label(const ScenarioSpec& spec);

}  // namespace sonde::report
