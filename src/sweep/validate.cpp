#include "sweep/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>

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

PreLaunchVerdict invalid(std::string reason) {
  return {PointStatus::invalid_config, std::move(reason)};
}

// Integer flags vLLM checks to be >= 1 (max-model-len also takes -1 / "auto": fit to memory).
constexpr std::string_view kPositiveInts[] = {
    "tensor-parallel-size",   "pipeline-parallel-size", "data-parallel-size", "max-num-seqs",
    "max-num-batched-tokens", "max-model-len",          "block-size"};

std::optional<PreLaunchVerdict> check_int(const SweepSpec& spec, const SweepPoint& point,
                                          std::string_view flag) {
  const FlagValue* v = find_flag(spec, point, std::string(flag));
  if (v == nullptr) return std::nullopt;
  const auto not_int = [&](const std::string& text) {
    return invalid(fmt::format("vLLM would reject it: --{} {} is not an integer", flag, text));
  };
  if (std::holds_alternative<bool>(*v)) return not_int(flag_value_text(*v));
  if (const auto* d = std::get_if<double>(v); d && *d != std::floor(*d))
    return not_int(flag_value_text(*v));
  if (const auto* s = std::get_if<std::string>(v)) {
    // Sizes such as 16k or 1.5K are vLLM's own business; only text without a digit is surely bad.
    if (flag == "max-model-len" && *s == "auto") return std::nullopt;
    if (std::none_of(s->begin(), s->end(), [](unsigned char c) { return std::isdigit(c); })) {
      return not_int(*s);
    }
  }
  const auto n = int_flag(spec, point, std::string(flag).c_str());
  if (n && *n < 1 && !(flag == "max-model-len" && *n == -1)) {
    return invalid(fmt::format("vLLM would reject it: --{} must be at least 1, got {}", flag, *n));
  }
  return std::nullopt;
}

// --quantization names vLLM has accepted (the union over releases: an older or newer vLLM may
// lack some, but a name outside this list is a typo on every release).
constexpr std::string_view kVllmQuantization[] = {"aqlm",
                                                  "ascend",
                                                  "auto-round",
                                                  "auto_awq",
                                                  "auto_gptq",
                                                  "awq",
                                                  "awq_marlin",
                                                  "awq_triton",
                                                  "bitblas",
                                                  "bitsandbytes",
                                                  "compressed-tensors",
                                                  "cpu_awq",
                                                  "deepseek_v4_fp8",
                                                  "deepspeedfp",
                                                  "experts_int8",
                                                  "fbgemm_fp8",
                                                  "fp8",
                                                  "fp8_per_block",
                                                  "fp8_per_channel",
                                                  "fp8_per_tensor",
                                                  "fp_quant",
                                                  "gguf",
                                                  "gpt_oss_mxfp4",
                                                  "gptq",
                                                  "gptq_bitblas",
                                                  "gptq_marlin",
                                                  "gptq_marlin_24",
                                                  "hqq",
                                                  "humming",
                                                  "inc",
                                                  "int8_per_channel_weight_only",
                                                  "ipex",
                                                  "marlin",
                                                  "modelopt",
                                                  "modelopt_fp4",
                                                  "modelopt_mixed",
                                                  "modelopt_mxfp8",
                                                  "moe_wna16",
                                                  "mxfp4",
                                                  "mxfp8",
                                                  "neuron_quant",
                                                  "nvfp4_per_token",
                                                  "online",
                                                  "petit_nvfp4",
                                                  "ptpc_fp8",
                                                  "qqq",
                                                  "quark",
                                                  "rtn",
                                                  "squeezellm",
                                                  "torchao",
                                                  "tpu_int8"};
// What `sonde sim` models (sim/sim_config.cpp): anything else makes it exit at start-up.
constexpr std::string_view kSimQuantization[] = {
    "awq",          "gptq", "awq_marlin", "gptq_marlin", "marlin",   "compressed-tensors",
    "bitsandbytes", "gguf", "fp8",        "fbgemm_fp8",  "modelopt", "mxfp4"};

bool is_sonde_sim(const SweepSpec& spec) {
  return spec.command.size() >= 2 && spec.command[0] == "sonde" && spec.command[1] == "sim";
}

std::optional<PreLaunchVerdict> check_quantization(const SweepSpec& spec, const SweepPoint& point) {
  const FlagValue* v = find_flag(spec, point, "quantization");
  if (v == nullptr) return std::nullopt;
  const std::string name = flag_value_text(*v);
  if (name.empty() || name == "none" || name == "None") return std::nullopt;
  const bool sim = is_sonde_sim(spec);
  const auto* begin = sim ? std::begin(kSimQuantization) : std::begin(kVllmQuantization);
  const auto* end = sim ? std::end(kSimQuantization) : std::end(kVllmQuantization);
  if (std::find(begin, end, name) != end) return std::nullopt;
  std::string known;
  for (const auto* k = begin; k != end; ++k) known += (known.empty() ? "" : ", ") + std::string(*k);
  return invalid(fmt::format("{} would reject it: --quantization {} is not a method it knows ({})",
                             sim ? "sonde sim" : "vLLM", name, known));
}

// GPUs the server may use: server.gpus, else the count in CUDA_VISIBLE_DEVICES; 0 = unknown.
int visible_gpus(const SweepSpec& spec) {
  if (spec.gpus > 0) return spec.gpus;
  const auto it = spec.env.find("CUDA_VISIBLE_DEVICES");
  if (it == spec.env.end() || it->second.empty()) return 0;
  return static_cast<int>(std::count(it->second.begin(), it->second.end(), ',')) + 1;
}

}  // namespace

int gpus_used(const SweepSpec& spec, const SweepPoint& point) {
  const int64_t tp = int_flag(spec, point, "tensor-parallel-size").value_or(1);
  const int64_t pp = int_flag(spec, point, "pipeline-parallel-size").value_or(1);
  return static_cast<int>(std::max<int64_t>(1, tp * pp));
}

std::optional<PreLaunchVerdict> check_point(const SweepSpec& spec, const SweepPoint& point) {
  for (const auto flag : kPositiveInts) {
    if (auto bad = check_int(spec, point, flag)) return bad;
  }
  if (const FlagValue* v = find_flag(spec, point, "gpu-memory-utilization")) {
    const auto* d = std::get_if<double>(v);
    const auto* i = std::get_if<int64_t>(v);
    const double u = d ? *d : i ? static_cast<double>(*i) : std::nan("");
    if (!(u > 0 && u <= 1)) {
      return invalid(
          fmt::format("vLLM would reject it: --gpu-memory-utilization {} must be a "
                      "fraction of GPU memory in (0, 1], e.g. 0.9",
                      flag_value_text(*v)));
    }
  }
  if (auto bad = check_quantization(spec, point)) return bad;
  const int64_t tp = int_flag(spec, point, "tensor-parallel-size").value_or(1);
  const int64_t pp = int_flag(spec, point, "pipeline-parallel-size").value_or(1);
  const int gpus = visible_gpus(spec);
  if (gpus > 0 && gpus_used(spec, point) > gpus) {
    return PreLaunchVerdict{PointStatus::skipped,
                            fmt::format("needs {} GPUs (tensor-parallel-size {} x "
                                        "pipeline-parallel-size {}), {} visible",
                                        tp * pp, tp, pp, gpus)};
  }
  const auto batched = int_flag(spec, point, "max-num-batched-tokens");
  const auto model_len = int_flag(spec, point, "max-model-len");
  if (chunked_off(spec, point) && batched && model_len && *batched < *model_len) {
    return PreLaunchVerdict{
        PointStatus::invalid_config,
        fmt::format(
            "vLLM would reject it: max_num_batched_tokens ({}) is smaller than max_model_len "
            "({}) with chunked prefill off; raise --max-num-batched-tokens or lower "
            "--max-model-len",
            *batched, *model_len)};
  }
  const auto seqs = int_flag(spec, point, "max-num-seqs");
  if (batched && seqs && *batched < *seqs) {
    return PreLaunchVerdict{
        PointStatus::invalid_config,
        fmt::format("vLLM would reject it: max_num_batched_tokens ({}) must be greater than or "
                    "equal to max_num_seqs ({})",
                    *batched, *seqs)};
  }
  return std::nullopt;
}

}  // namespace sonde
