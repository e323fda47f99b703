#pragma once
// A fitted simulator profile (profile.json, written by `sonde fit`): the GPU and model profiles it
// starts from and the cost-model parameters fitted to a user's own runs, which replace the GPU
// profile's efficiency figures when `sonde sim --profile-file` loads it (docs/simulator.md,
// "Fitting the simulator to your own run").
#include <cstdint>
#include <string>

#include "profiles/profiles.hpp"

namespace sonde::profiles {

inline constexpr const char* kFittedProfileKind = "sonde fitted simulator profile";
inline constexpr int kFittedProfileSchemaVersion = 1;

// The fitted values of the GpuProfile fields the cost model uses.
struct FittedParameters {
  double flops_efficiency = 0;         // fraction of peak FLOP/s
  double bandwidth_efficiency = 0;     // fraction of peak memory bandwidth
  double step_overhead_us = 0;         // fixed cost of every engine step (us)
  double seq_overhead_us = 0;          // cost per request scheduled in a step (us)
  double interconnect_latency_us = 0;  // fixed cost of one all-reduce (us)
};

// What a simulator needs from profile.json.
struct FittedProfile {
  std::string path;             // the file it was read from
  std::string gpu;              // built-in GPU profile it starts from, e.g. "h100"
  std::string model_profile;    // built-in model profile, e.g. "llama-3.1-8b"
  FittedParameters parameters;  // replace the GPU profile's figures
  // Bytes per GPU the measured server kept beyond the simulator's memory accounting, so that its
  // KV cache has the measured size (negative: it kept less); 0 when the size was not measured.
  int64_t kv_memory_offset_bytes = 0;
};

// Reads profile.json. Throws sonde::UsageError naming `flag` and the file when it cannot be read,
// is not a fitted profile, or holds a value out of range.
FittedProfile read_fitted_profile(const std::string& path, const std::string& flag);

// The GPU profile with the fitted parameters in place of its own.
GpuProfile apply_fitted(GpuProfile gpu, const FittedParameters& p);
// The fitted parameters a GPU profile holds now (the starting point of a fit).
FittedParameters parameters_of(const GpuProfile& gpu);

}  // namespace sonde::profiles
