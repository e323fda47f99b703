#pragma once
// `sonde fit`'s fit: the cost-model parameters (sim/cost_model.hpp) that make the simulator's
// replay of the measured scenarios (fit/replay.hpp) match what was measured, by least squares on
// the relative errors (fit/least_squares.hpp), starting from the GPU profile's own figures; and
// the KV-cache size from the server's recorded num_gpu_blocks. Which parameter the data can
// identify is checked first (docs/simulator.md, "Fitting the simulator to your own run").
#include <cstdint>
#include <string>
#include <vector>

#include "fit/run_data.hpp"
#include "profiles/fitted_profile.hpp"

namespace sonde::fit {

// One parameter: where it started, where it ended, and whether the data decided it.
struct ParameterFit {
  std::string name;  // GpuProfile field, e.g. "step_overhead_us"
  double start = 0;  // the GPU profile's figure
  double value = 0;  // fitted (== start when not fitted)
  bool fitted = false;
  std::string how;  // which figures decided it, or why it was kept
};

// One measured figure beside the fitted simulator's.
struct Residual {
  std::size_t run = 0;     // index into FitInput::runs
  std::string scenario;    // scenario name
  std::string figure;      // "prefill_ms" or "tpot_ms"
  std::string source;      // "server" (vLLM's histograms) or "client" (sonde's records)
  double measured_ms = 0;  // what was measured
  double model_ms = 0;     // what the fitted simulator gives for the same requests
  double error_pct = 0;    // (model / measured - 1) x 100
};

// The KV-cache size, when the run recorded it.
struct KvFit {
  bool measured = false;            // a run recorded num_gpu_blocks
  std::size_t run = 0;              // which run (index into FitInput::runs)
  int64_t num_gpu_blocks = 0;       // what the server reported
  int64_t simulator_blocks = 0;     // what the simulator's accounting gives at those settings
  int64_t block_size = 16;          // tokens per block
  int64_t memory_offset_bytes = 0;  // per GPU: (simulator - measured) blocks x block bytes
};

struct FitResult {
  std::string gpu;                       // GPU profile name
  std::string model_profile;             // model profile name
  std::vector<ParameterFit> parameters;  // flops_efficiency, bandwidth_efficiency,
                                         // step_overhead_us, seq_overhead_us,
                                         // interconnect_latency_us
  KvFit kv;
  std::vector<Residual> residuals;  // at the fitted parameters
  double start_rms_pct = 0;         // RMS of error_pct with the profile's own figures
  double rms_pct = 0;               // RMS of error_pct after the fit
  // With client figures: the constant a client's TTFT holds beyond the engine's prefill (HTTP,
  // tokenising), fitted beside the parameters; not a simulator parameter (ms).
  double client_ttft_offset_ms = 0;
  bool client_offset_fitted = false;  // some figures were the client's
  int iterations = 0;                 // Levenberg-Marquardt iterations
  bool converged = false;             // it stopped because the error stopped falling

  profiles::FittedParameters fitted() const;  // the values, as the simulator takes them
};

// Fits. Throws sonde::UsageError when the observations cannot identify a parameter (too few
// distinct input lengths or concurrencies), naming what is missing and what to run.
FitResult fit_runs(const FitInput& input);

}  // namespace sonde::fit
