#include "fit/replay.hpp"

#include <cmath>

#include "sim/engine.hpp"

namespace sonde::fit {

Predicted replay(const sim::SimConfig& config, const Observation& o) {
  sim::Engine engine(config);
  double prefill = 0, decode = 0, tpot = 0, gaps = 0;
  int finished = 0, tpot_n = 0;
  std::size_t next = 0;
  const auto& reqs = o.requests;
  // A request that never finishes (it cannot fit) must not spin forever.
  for (int guard = 0; (next < reqs.size() || !engine.idle()) && guard < 10'000'000; ++guard) {
    if (engine.idle()) engine.advance_to(reqs[next].arrival_s);
    for (; next < reqs.size() && reqs[next].arrival_s <= engine.now_s(); ++next) {
      sim::EngineRequest r;
      r.id = next;
      r.prompt_tokens = reqs[next].input_tokens;
      r.output_tokens = reqs[next].output_tokens;
      r.arrival_s = reqs[next].arrival_s;
      engine.add(std::move(r));
    }
    for (const auto& f : engine.step().finished) {
      ++finished;
      const double first = f.first_token_s - (o.server_side ? f.scheduled_s : f.arrival_s);
      prefill += first;
      decode += f.last_token_s - f.first_token_s;
      if (f.generation_tokens > 1) {
        gaps += static_cast<double>(f.generation_tokens - 1);
        tpot += (f.last_token_s - f.first_token_s) / static_cast<double>(f.generation_tokens - 1);
        ++tpot_n;
      }
    }
  }
  Predicted p;
  p.prefill_ms = finished > 0 ? 1000 * prefill / finished : NAN;
  if (o.server_side) {
    p.tpot_ms = gaps > 0 ? 1000 * decode / gaps : NAN;
  } else {
    p.tpot_ms = tpot_n > 0 ? 1000 * tpot / tpot_n : NAN;
  }
  return p;
}

}  // namespace sonde::fit
