#include "sim/cost_model.hpp"

namespace sonde::sim {

double step_duration_s(const SimOptions& o, const StepShape& shape) {
  double ms = o.step_overhead_ms;
  if (o.prefill_tokens_per_s > 0) {
    ms += 1000.0 * static_cast<double>(shape.prefill_tokens) / o.prefill_tokens_per_s;
  }
  if (shape.decode_seqs > 0) {
    ms += o.decode_step_base_ms +
          o.decode_step_per_seq_ms * static_cast<double>(shape.decode_seqs - 1);
  }
  return ms / 1000.0;
}

}  // namespace sonde::sim
