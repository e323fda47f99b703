#pragma once
// A scenario's GPU energy from the sampler's readings (docs/metrics.md "Energy"). Per GPU, the
// energy counter's increase between the first and the last reading when the GPU has one (NVML's
// total-energy counter, DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION); otherwise the trapezoidal
// integral of its power readings (nvidia-smi's power.draw, older boards). A counter that goes
// backwards (driver reloaded) contributes nothing for that interval.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "results/energy.hpp"
#include "results/gpu_memory.hpp"

namespace sonde {

// The energy record of `record`'s series (t_ms in the run's time base, so that window_s and
// mean power are in the same seconds as the scenario's throughputs). nullopt when no GPU has
// two readings of its counter or of its power. output_tokens and joules_per_output_token are
// left for set_output_tokens.
std::optional<EnergyRecord> summarize_energy(const GpuMemoryRecord& record);

// Attributes the energy to the scenario's output tokens: joules_per_output_token =
// joules / output_tokens (NaN when there are none).
void set_output_tokens(EnergyRecord& energy, int64_t output_tokens);

}  // namespace sonde
