#pragma once
// A measured scenario replayed through the simulator's own engine and cost model, in simulated
// time (no real clock): the requests arrive when they were sent, and the figures come out as the
// observation measured them (server: prefill time and decode time per token; client: TTFT and
// TPOT).
#include "fit/run_data.hpp"
#include "sim/sim_config.hpp"

namespace sonde::fit {

struct Predicted {
  double prefill_ms = 0;  // as Observation::prefill_ms
  double tpot_ms = 0;     // as Observation::tpot_ms
};

Predicted replay(const sim::SimConfig& config, const Observation& observation);

}  // namespace sonde::fit
