#pragma once
// Reads this host's test-environment record (results/environment.hpp).
#include "results/environment.hpp"

namespace sonde {

// Reads this host: read_system_specs() plus gpu_inventory() with default options.
Environment read_local_environment();

}  // namespace sonde
