#pragma once
// The sweep report's capacity section (a sweep with a `capacity:` block): every point ranked by
// capacity per GPU (failed ones kept with their failure class), the Pareto chart of output
// tokens/s per GPU against tokens/s per user, and the recommendation of the conclusions.
#include <optional>

#include "report/document.hpp"
#include "report/findings.hpp"
#include "report/lang.hpp"
#include "report/sweep_messages.hpp"
#include "results/sweep_result.hpp"

namespace sonde::report {

// The Pareto chart (its file: capacity-pareto.svg beside report.md); nullopt when no point has
// a capacity.
std::optional<doc::Figure> pareto_figure(const SweepResult& sweep, const SweepMessages& m);

// The section ("capacity"); nullopt without sweep.capacity.
std::optional<doc::Section> capacity_ranking_section(const SweepResult& sweep, Lang lang,
                                                     const ConclusionOptions& options);

}  // namespace sonde::report
