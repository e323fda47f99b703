#pragma once
// Number formatting for reports: the one definition in util/number_format.hpp (shared with the
// charts in chart/), under the names the report's files use.
#include "util/number_format.hpp"

namespace sonde::report {

using sonde::autonum;
using sonde::integer;
using sonde::kMissing;
using sonde::number;
using sonde::seconds_from_ms;
using sonde::trimmed;

}  // namespace sonde::report
