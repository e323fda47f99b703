// Rule "bandwidth_bound": decode speed against the memory-bandwidth bound. Every decode step
// reads all weights once, so one stream can go no faster than bandwidth ÷ weight bytes per GPU
// steps per second; batching shares that read among the streams.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "profiles/profiles.hpp"
#include "report/finding_rules.hpp"
#include "report/format.hpp"
#include "report/server_side.hpp"

namespace sonde::report::findings {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

// sim_profile is "NVIDIA H100 80GB HBM3 x2 / llama-3.1-8b" (older runs: "h100 / llama-3.1-8b"),
// with " / fitted profile FILE" after it when the simulator loaded a fitted profile.
std::pair<std::string, std::string> split_sim_profile(const std::string& profile) {
  const auto slash = profile.find(" / ");
  std::string gpu = profile.substr(0, slash);
  const auto times = gpu.rfind(" x");
  if (times != std::string::npos && times + 2 < gpu.size() &&
      std::isdigit(static_cast<unsigned char>(gpu[times + 2]))) {
    gpu = gpu.substr(0, times);
  }
  if (slash == std::string::npos) return {gpu, ""};
  const std::string rest = profile.substr(slash + 3);
  return {gpu, rest.substr(0, rest.find(" / "))};
}

struct Bound {
  double bandwidth_gbs = kNaN;  // GB/s (1e9 bytes)
  std::string gpu;              // what it was looked up by
  bool bandwidth_from_flag = false;
  double params = kNaN;  // parameters
  std::string model;
  bool params_from_flag = false;
  double bytes_per_param = 2;
  std::string bpp_source;  // "bfloat16", "awq", ...
  double tp = 1;

  double weight_gb_per_gpu() const { return params * bytes_per_param / tp / 1e9; }
  // Decode steps per second one GPU's bandwidth allows (tokens/s of one stream).
  double stream_bound() const { return bandwidth_gbs / weight_gb_per_gpu(); }
};

void bytes_per_param(const RunResult& run, const profiles::ModelProfile* profile, Bound& b) {
  const auto q = settings_named(run, "quantization");
  const std::string quant = q.empty() ? "" : lower(q.front().value);
  if (!quant.empty() && quant != "none") {
    static const char* kFourBit[] = {"awq",          "gptq",   "awq_marlin",
                                     "gptq_marlin",  "marlin", "compressed-tensors",
                                     "bitsandbytes", "gguf",   "mxfp4"};
    for (const char* k : kFourBit) {
      if (quant == k) b.bytes_per_param = 0.5, b.bpp_source = quant;
    }
    if (quant == "fp8" || quant == "fbgemm_fp8" || quant == "modelopt")
      b.bytes_per_param = 1, b.bpp_source = quant;
    if (!b.bpp_source.empty()) return;
  }
  const auto d = settings_named(run, "dtype");
  std::string dtype = d.empty() ? "auto" : lower(d.front().value);
  if (dtype == "auto") dtype = profile ? profile->dtype : "bfloat16";
  b.bytes_per_param = dtype == "float32" || dtype == "float" ? 4 : 2;
  b.bpp_source = dtype;
}

Bound bound_of(const RunResult& run, const ConclusionOptions& opt) {
  Bound b;
  std::string gpu_name, model_name = run.target.model;
  if (run.simulated)
    std::tie(gpu_name, model_name) = split_sim_profile(run.sim_profile);
  else if (auto env = environment_of(run);
           env && !recorded_on_client(run) && !env->gpus.gpus.empty()) {
    gpu_name = env->gpus.gpus.front().name;
  }
  b.gpu = gpu_name;
  if (opt.gpu_bandwidth_gbs) {
    b.bandwidth_gbs = *opt.gpu_bandwidth_gbs, b.bandwidth_from_flag = true;
  } else if (const auto* g = profiles::gpu_by_product_name(gpu_name, run.simulated)) {
    b.bandwidth_gbs = g->bandwidth_gbps, b.gpu = g->product_name;
  }
  const profiles::ModelProfile* profile =
      profiles::infer_model(profiles::builtin_models(), model_name);
  if (!profile && !run.server.model_root.empty())
    profile = profiles::infer_model(profiles::builtin_models(), run.server.model_root);
  b.model = profile ? profile->name : model_name;
  if (opt.model_params_b)
    b.params = *opt.model_params_b * 1e9, b.params_from_flag = true;
  else if (profile)
    b.params = profile->params;
  bytes_per_param(run, profile, b);
  if (const auto tp = setting_number(run, "tensor-parallel-size"); tp && *tp >= 1) b.tp = *tp;
  return b;
}

// The scenario whose decode is least disturbed: fewest concurrent streams, then shortest prompt.
const ScenarioResult* quietest(const RunResult& run) {
  const ScenarioResult* best = nullptr;
  for (const ScenarioResult& sc : run.scenarios) {
    if (sc.spec.load == LoadShape::rate || sc.summary.decode_tokens_per_s.count == 0) continue;
    if (!best || sc.spec.concurrency < best->spec.concurrency ||
        (sc.spec.concurrency == best->spec.concurrency && sc.spec.input_len < best->spec.input_len)) {
      best = &sc;
    }
  }
  return best;
}

const ScenarioResult* busiest(const RunResult& run) {
  const ScenarioResult* best = nullptr;
  for (const ScenarioResult& sc : run.scenarios) {
    if (sc.spec.load == LoadShape::rate || sc.summary.completed == 0) continue;
    if (!best || sc.summary.output_throughput > best->summary.output_throughput) best = &sc;
  }
  return best;
}

const char* verdict(double eff, const FindingMessages& m) {
  return eff > 1.05 ? m.bw_above : eff >= 0.5 ? m.bw_close : m.bw_below;
}

std::string evidence(const Bound& b, const FindingMessages& m) {
  return m.bw_evidence.format(
      arg<"gpu">(b.gpu.empty() ? kMissing : b.gpu), arg<"bw">(number(b.bandwidth_gbs, 0)),
      arg<"bw_source">(b.bandwidth_from_flag ? m.bw_src_flag : m.bw_src_profile),
      arg<"model">(b.model), arg<"params">(trimmed(b.params / 1e9, 2)),
      arg<"params_source">(b.params_from_flag ? m.bw_src_flag : m.bw_src_profile),
      arg<"bpp">(trimmed(b.bytes_per_param, 2)), arg<"bpp_source">(b.bpp_source));
}

// Not measured: which input is missing and the flag that supplies it.
std::optional<Finding> missing(const Bound& b, bool have_decode, const FindingMessages& m) {
  if (!std::isfinite(b.bandwidth_gbs)) {
    return not_measured(RuleId::bandwidth_bound,
                        m.need_bandwidth.format(arg<"gpu">(b.gpu.empty() ? kMissing : b.gpu)), m);
  }
  if (!std::isfinite(b.params)) {
    return not_measured(RuleId::bandwidth_bound,
                        m.need_params.format(arg<"model">(b.model.empty() ? kMissing : b.model)), m);
  }
  if (!have_decode) return not_measured(RuleId::bandwidth_bound, m.need_decode, m);
  return std::nullopt;
}

struct Efficiency {
  double tok_s = kNaN;  // per-stream decode tok/s (p50)
  double eff = kNaN;    // tok_s ÷ bound
  const ScenarioResult* sc = nullptr;
};

Efficiency efficiency(const RunResult& run, const Bound& b) {
  Efficiency e;
  e.sc = quietest(run);
  if (!e.sc) return e;
  e.tok_s = e.sc->summary.decode_tokens_per_s.p50;
  e.eff = e.tok_s / b.stream_bound();
  return e;
}

}  // namespace

Finding bandwidth_bound(const RunResult& run, const FindingMessages& m, const ConclusionOptions& opt) {
  const Bound b = bound_of(run, opt);
  const Efficiency e = efficiency(run, b);
  if (auto not_yet = missing(b, e.sc != nullptr, m)) return *not_yet;
  Finding f{RuleId::bandwidth_bound, true, "", evidence(b, m), m.bw_conf};
  f.text = m.bw_text.format(
      arg<"tok_s">(autonum(e.tok_s)), arg<"name">(e.sc->spec.name),
      arg<"c">(e.sc->spec.concurrency), arg<"bound">(autonum(b.stream_bound())),
      arg<"eff">(percent(e.eff)), arg<"bw">(number(b.bandwidth_gbs, 0)),
      arg<"weights">(number(b.weight_gb_per_gpu(), 1)), arg<"tp">(trimmed(b.tp, 0)));
  if (const ScenarioResult* busy = busiest(run); busy && busy->spec.concurrency > 1) {
    const double agg_bound = b.stream_bound() * busy->spec.concurrency;
    f.text += " " + m.bw_aggregate.format(
                        arg<"tput">(autonum(busy->summary.output_throughput)),
                        arg<"name">(busy->spec.name), arg<"c">(busy->spec.concurrency),
                        arg<"agg_bound">(autonum(agg_bound)),
                        arg<"agg_eff">(percent(busy->summary.output_throughput / agg_bound)));
  }
  f.text += " " + std::string(verdict(e.eff, m));
  return f;
}

Finding bandwidth_bound(const SweepResult& sweep, const FindingMessages& m,
                        const ConclusionOptions& opt) {
  const auto ok = ok_points(sweep);
  if (ok.empty()) return not_measured(RuleId::bandwidth_bound, m.need_ok_points, m);
  // Each point against its own bound (tensor parallelism divides the weights).
  const PointResult* lo = nullptr;
  const PointResult* hi = nullptr;
  Efficiency elo, ehi;
  Bound blo, bhi;
  for (const PointResult* p : ok) {
    const Bound b = bound_of(p->runs.front(), opt);
    const Efficiency e = efficiency(p->runs.front(), b);
    if (!std::isfinite(e.eff) || !std::isfinite(b.stream_bound())) {
      if (p == ok.front()) blo = b;  // kept to say what is missing
      continue;
    }
    if (!lo || e.eff < elo.eff) lo = p, elo = e, blo = b;
    if (!hi || e.eff > ehi.eff) hi = p, ehi = e, bhi = b;
  }
  if (!hi) {
    if (auto not_yet = missing(blo, false, m)) return *not_yet;
  }
  if (!hi) return not_measured(RuleId::bandwidth_bound, m.need_decode, m);
  Finding f{RuleId::bandwidth_bound, true, "", evidence(bhi, m), m.bw_conf};
  f.text = m.bw_range.format(
      arg<"n">(ok.size()), arg<"min_eff">(percent(elo.eff)), arg<"max_eff">(percent(ehi.eff)),
      arg<"min_point">(fmt::format("{} (`{}`)", lo->name, settings_text(*lo))),
      arg<"max_point">(fmt::format("{} (`{}`)", hi->name, settings_text(*hi))));
  f.text +=
      " " + m.bw_text.format(
                arg<"tok_s">(autonum(ehi.tok_s)), arg<"name">(hi->name + " · " + ehi.sc->spec.name),
                arg<"c">(ehi.sc->spec.concurrency), arg<"bound">(autonum(bhi.stream_bound())),
                arg<"eff">(percent(ehi.eff)), arg<"bw">(number(bhi.bandwidth_gbs, 0)),
                arg<"weights">(number(bhi.weight_gb_per_gpu(), 1)), arg<"tp">(trimmed(bhi.tp, 0)));
  f.text += " " + std::string(verdict(ehi.eff, m));
  return f;
}

}  // namespace sonde::report::findings
