#pragma once
// summary.csv of a sweep (and compare.csv of an A/B run): a row per point x run x scenario.
#include <string>

#include "results/sweep_result.hpp"

namespace sonde {

// UTF-8 with a BOM and CRLF line ends, so spreadsheet programs read Korean text correctly.
std::string sweep_csv(const SweepResult& sweep);

}  // namespace sonde
