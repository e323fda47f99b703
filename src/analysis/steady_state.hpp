#pragma once
// The steady-state window of a scenario (docs/metrics.md "Steady state"), from its request
// records alone. A capacity search judges each probe on this window, so that the empty system
// at the start and the drain at the end do not flatter an overloaded server.
#include <optional>
#include <vector>

#include "config/run_options.hpp"
#include "config/scenario.hpp"
#include "results/record.hpp"
#include "results/steady_state.hpp"

namespace sonde::analysis {

// Closed loads: the in-flight count is at its plateau when it is at least this share of the
// scenario's level (its concurrency, or its request count when that is smaller).
inline constexpr double kPlateauShare = 0.95;

// The window of a closed or rate scenario, unset for burst loads and where no window exists
// (too few requests, a plateau never reached, or arrivals that stopped before the in-flight count
// could settle). `slos` fills attainment_pct when it gives an objective.
std::optional<SteadyState> steady_state(const std::vector<RequestRecord>& records,
                                        const ScenarioSpec& spec, const GoodputSlos& slos);

}  // namespace sonde::analysis
