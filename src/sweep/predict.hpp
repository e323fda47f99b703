#pragma once
// `sonde sweep --predict PROFILE SWEEP.yaml`: the same sweep run on sonde's simulator loaded with
// a fitted profile (`sonde fit`) instead of the server the file launches, so that settings nobody
// has measured yet are predicted in minutes. Each point keeps its own serve flags; the simulator
// gets --profile-file and a speed-up.
#include <string>

#include "sweep/sweep_file.hpp"

namespace sonde {

// The sweep with `sonde sim --profile-file PROFILE --speed SPEED` as its server. Throws
// sonde::UsageError when the profile cannot be read or a swept flag is one the simulator does
// not model (naming it); fixed flags it does not model are dropped, each with a line in `dropped`.
SweepSpec predicted_sweep(SweepSpec spec, const std::string& profile_path, double speed,
                          std::vector<std::string>& dropped);

}  // namespace sonde
