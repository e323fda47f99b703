#include "sim/cost_model.hpp"

#include <algorithm>

namespace sonde::sim {

void add_tokens(StepShape& shape, int64_t context, int64_t n, bool decode) {
  if (n <= 0) return;
  if (decode) {
    ++shape.decode_seqs;
    shape.decode_tokens += n;
  } else {
    ++shape.prefill_seqs;
    shape.prefill_tokens += n;
  }
  // Causal attention: token i of the chunk attends to context + i + 1 positions.
  const double c = static_cast<double>(context), k = static_cast<double>(n);
  shape.attended_pairs += k * c + k * (k + 1) / 2;
  shape.kv_read_tokens += context + n;
}

double step_duration_s(const SimConfig& cfg, const StepShape& shape) {
  const double overhead =
      (cfg.gpu.step_overhead_us + cfg.gpu.seq_overhead_us * static_cast<double>(shape.seqs())) * 1e-6;
  const int64_t tokens = shape.tokens();
  if (tokens <= 0) return overhead;
  const auto& m = cfg.model;
  const double tp = cfg.tp;
  const double flops =
      2.0 * m.params * static_cast<double>(tokens) +
      4.0 * static_cast<double>(m.layers * m.heads * m.head_dim) * shape.attended_pairs;
  const double compute = flops / (cfg.flops_per_s * tp);
  const double bytes = static_cast<double>(cfg.weight_bytes_per_gpu) +
                       static_cast<double>(shape.kv_read_tokens) *
                           static_cast<double>(cfg.kv_bytes_per_token_per_gpu);
  const double memory = bytes / cfg.bytes_per_s;
  double allreduce = 0;
  if (cfg.tp > 1) {
    // Ring all-reduce of the activations after attention and after the MLP of every layer.
    const double payload = static_cast<double>(tokens * m.hidden * 2);
    const double one = cfg.gpu.interconnect_latency_us * 1e-6 +
                       2.0 * (tp - 1) / tp * payload / (cfg.gpu.interconnect_gbps * 1e9);
    allreduce = 2.0 * static_cast<double>(m.layers) * one;
  }
  return std::max(compute, memory) + allreduce + overhead;
}

}  // namespace sonde::sim
