#include "sweep/validate.hpp"

#include <fmt/format.h>

namespace sonde {
namespace {

std::optional<int64_t> int_flag(const SweepSpec& spec, const SweepPoint& point, const char* flag) {
  const FlagValue* v = find_flag(spec, point, flag);
  if (v == nullptr) return std::nullopt;
  if (const auto* i = std::get_if<int64_t>(v)) return *i;
  if (const auto* d = std::get_if<double>(v)) return static_cast<int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(v)) {
    // vLLM's human-readable sizes: 16k = 16000, 16K = 16384.
    if (s->empty()) return std::nullopt;
    const char unit = s->back();
    const int64_t mul = unit == 'k' ? 1000 : unit == 'K' ? 1024 : 1;
    try {
      return std::stoll(mul == 1 ? *s : s->substr(0, s->size() - 1)) * mul;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

bool chunked_off(const SweepSpec& spec, const SweepPoint& point) {
  const FlagValue* v = find_flag(spec, point, "enable-chunked-prefill");
  const auto* b = v ? std::get_if<bool>(v) : nullptr;
  return b != nullptr && !*b;
}

}  // namespace

std::optional<PreLaunchVerdict> check_point(const SweepSpec& spec, const SweepPoint& point) {
  const int64_t tp = int_flag(spec, point, "tensor-parallel-size").value_or(1);
  const int64_t pp = int_flag(spec, point, "pipeline-parallel-size").value_or(1);
  if (spec.gpus > 0 && tp * pp > spec.gpus) {
    return PreLaunchVerdict{"skipped", fmt::format("needs {} GPUs (tensor-parallel-size {} x "
                                                   "pipeline-parallel-size {}), {} visible",
                                                   tp * pp, tp, pp, spec.gpus)};
  }
  const auto batched = int_flag(spec, point, "max-num-batched-tokens");
  const auto model_len = int_flag(spec, point, "max-model-len");
  if (chunked_off(spec, point) && batched && model_len && *batched < *model_len) {
    return PreLaunchVerdict{
        "invalid_config",
        fmt::format("vLLM would reject it: max_num_batched_tokens ({}) is smaller than max_model_len "
                    "({}) with chunked prefill off; raise --max-num-batched-tokens or lower "
                    "--max-model-len",
                    *batched, *model_len)};
  }
  const auto seqs = int_flag(spec, point, "max-num-seqs");
  if (batched && seqs && *batched < *seqs) {
    return PreLaunchVerdict{
        "invalid_config",
        fmt::format("vLLM would reject it: max_num_batched_tokens ({}) must be greater than or "
                    "equal to max_num_seqs ({})",
                    *batched, *seqs)};
  }
  return std::nullopt;
}

}  // namespace sonde
