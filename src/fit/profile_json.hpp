#pragma once
// profile.json, the file `sonde fit` writes and `sonde sim --profile-file` reads
// (profiles/fitted_profile.hpp reads the part a simulator needs): self-describing, with the
// profiles it starts from, the runs and server settings it was fitted to, the parameters (start,
// fitted, how) and every residual.
#include <nlohmann/json_fwd.hpp>

#include "fit/fit_profile.hpp"
#include "fit/run_data.hpp"

namespace sonde::fit {

nlohmann::json profile_json(const FitInput& input, const FitResult& fit);

}  // namespace sonde::fit
