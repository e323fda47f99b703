#include "fit/fit_profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "fit/least_squares.hpp"
#include "fit/replay.hpp"
#include "sim/sim_config.hpp"
#include "util/error.hpp"

namespace sonde::fit {
namespace {

using profiles::FittedParameters;

enum Param { kFlops, kBandwidth, kStep, kSeq, kInterconnect, kParamCount };
constexpr const char* kNames[kParamCount] = {"flops_efficiency", "bandwidth_efficiency",
                                             "step_overhead_us", "seq_overhead_us",
                                             "interconnect_latency_us"};

double& field(FittedParameters& p, int k) {
  switch (k) {
    case kFlops:
      return p.flops_efficiency;
    case kBandwidth:
      return p.bandwidth_efficiency;
    case kStep:
      return p.step_overhead_us;
    case kSeq:
      return p.seq_overhead_us;
    default:
      return p.interconnect_latency_us;
  }
}

sim::SimConfig base_config(const RunData& r) {
  SimOptions o = r.options;
  o.gpu = r.gpu;
  o.model_profile = r.model_profile;
  if (!r.model.empty()) o.model = r.model;
  return sim::resolve_config(o);
}

// The run's configuration with other cost-model parameters and KV memory offset.
sim::SimConfig with(const sim::SimConfig& base, const FittedParameters& p, int64_t offset) {
  sim::SimConfig c = base;
  c.flops_per_s *= p.flops_efficiency / base.gpu.flops_efficiency;
  c.bytes_per_s *= p.bandwidth_efficiency / base.gpu.bandwidth_efficiency;
  c.gpu = profiles::apply_fitted(c.gpu, p);
  if (offset != 0) {
    c.kv_memory_offset_bytes = offset;
    c.available_kv_bytes -= offset;
    c.num_gpu_blocks = std::max<int64_t>(0, c.available_kv_bytes / c.block_bytes_per_gpu);
    c.kv_capacity_tokens = c.num_gpu_blocks * c.options.block_size;
  }
  return c;
}

std::string join(const std::set<int64_t>& values) {
  std::string out;
  for (const auto v : values) out += (out.empty() ? "" : ", ") + std::to_string(v);
  return out;
}

KvFit fit_kv(const FitInput& in, const std::vector<sim::SimConfig>& bases) {
  KvFit kv;
  for (std::size_t i = 0; i < in.runs.size(); ++i) {
    if (!in.runs[i].num_gpu_blocks) continue;
    kv.measured = true;
    kv.run = i;
    kv.num_gpu_blocks = *in.runs[i].num_gpu_blocks;
    kv.simulator_blocks = bases[i].num_gpu_blocks;
    kv.block_size = bases[i].options.block_size;
    kv.memory_offset_bytes = (kv.simulator_blocks - kv.num_gpu_blocks) * bases[i].block_bytes_per_gpu;
    break;
  }
  return kv;
}

}  // namespace

FittedParameters FitResult::fitted() const {
  FittedParameters p;
  for (int k = 0; k < kParamCount && k < static_cast<int>(parameters.size()); ++k)
    field(p, k) = parameters[static_cast<std::size_t>(k)].value;
  return p;
}

FitResult fit_runs(const FitInput& in) {
  if (in.observations.empty()) throw UsageError("sonde fit: no scenario to fit");
  std::set<int64_t> lengths, concurrencies, tps;
  for (const auto& o : in.observations) {
    lengths.insert(o.input_len);
    if (std::isfinite(o.tpot_ms)) concurrencies.insert(o.concurrency);
  }
  for (const auto& r : in.runs) tps.insert(r.options.tensor_parallel_size);
  if (lengths.size() < 2) {
    throw UsageError(fmt::format(
        "sonde fit: the runs have one input length ({}); the prefill cost (flops_efficiency) and "
        "the KV-read cost (bandwidth_efficiency) need TTFT and TPOT at two or more input lengths: "
        "run the seed suite (examples/seed-suite.yaml: 1k, 3k, 6k and 10k tokens at concurrency 1)",
        join(lengths)));
  }
  if (concurrencies.size() < 2) {
    throw UsageError(fmt::format(
        "sonde fit: the runs have one concurrency ({}); the decode step's fixed and per-request "
        "costs (step_overhead_us, seq_overhead_us) need TPOT at two or more concurrencies: run the "
        "seed suite (examples/seed-suite.yaml: concurrency 1, 2, 4 and 8)",
        join(concurrencies)));
  }

  std::vector<sim::SimConfig> bases;
  for (const auto& r : in.runs) bases.push_back(base_config(r));
  FitResult res;
  res.gpu = in.runs.front().gpu;
  res.model_profile = in.runs.front().model_profile;
  res.kv = fit_kv(in, bases);
  const FittedParameters start = profiles::parameters_of(bases.front().gpu);

  std::vector<int> free = {kFlops, kBandwidth, kStep, kSeq};
  const bool tp_varies = tps.size() > 1 && *tps.begin() == 1;
  if (tp_varies) free.push_back(kInterconnect);
  // A client's TTFT also holds what the engine never sees (HTTP, tokenising, the first chunk's
  // trip): with client figures a constant offset is fitted beside the parameters, in ms.
  const bool client = std::any_of(in.observations.begin(), in.observations.end(),
                                  [](const Observation& o) { return !o.server_side; });
  FittedParameters current = start;
  const auto parameters_at = [&](const std::vector<double>& x) {
    FittedParameters p = start;
    for (std::size_t k = 0; k < free.size(); ++k) field(p, free[k]) *= x[k];
    return p;
  };
  const auto offset_at = [&](const std::vector<double>& x) { return client ? x.back() : 0.0; };
  const auto residuals_at = [&](const FittedParameters& p, double offset_ms,
                                std::vector<Residual>* detail) {
    std::vector<double> r;
    for (const auto& o : in.observations) {
      Predicted pred = replay(with(bases[o.run], p, res.kv.memory_offset_bytes), o);
      if (!o.server_side) pred.prefill_ms += offset_ms;
      const std::pair<const char*, std::pair<double, double>> figures[] = {
          {"prefill_ms", {o.prefill_ms, pred.prefill_ms}}, {"tpot_ms", {o.tpot_ms, pred.tpot_ms}}};
      for (const auto& [name, mp] : figures) {
        if (!std::isfinite(mp.first) || mp.first <= 0) continue;
        r.push_back(mp.second / mp.first - 1);
        if (detail) {
          detail->push_back({o.run, o.scenario, name, o.server_side ? "server" : "client", mp.first,
                             mp.second, 100 * (mp.second / mp.first - 1)});
        }
      }
    }
    return r;
  };
  const auto rms = [](const std::vector<double>& r) {
    double s = 0;
    for (const double v : r) s += v * v;
    return r.empty() ? 0 : 100 * std::sqrt(s / static_cast<double>(r.size()));
  };
  res.start_rms_pct = rms(residuals_at(start, 0, nullptr));

  LmOptions lm;
  // Parameters are scaled by their starting figures: every unknown starts at 1. An efficiency
  // is a fraction of the datasheet peak.
  const double kHuge = 1e9;
  lm.lower.assign(free.size(), 0.0);
  lm.upper.assign(free.size(), kHuge);
  for (std::size_t k = 0; k < free.size(); ++k) {
    if (free[k] == kFlops || free[k] == kBandwidth) {
      lm.lower[k] = 0.01;
      FittedParameters from = start;
      lm.upper[k] = 1 / field(from, free[k]);
    }
  }
  std::vector<double> x0(free.size(), 1.0);
  if (client) {
    x0.push_back(1.0);  // ms
    lm.lower.push_back(0);
    lm.upper.push_back(kHuge);
  }
  const LmResult fit = levenberg_marquardt(
      [&](const std::vector<double>& x) {
        return residuals_at(parameters_at(x), offset_at(x), nullptr);
      },
      x0, lm);
  current = parameters_at(fit.x);
  res.client_ttft_offset_ms = offset_at(fit.x);
  res.client_offset_fitted = client;
  res.iterations = fit.iterations;
  res.converged = fit.converged;
  const std::vector<double> final_r =
      residuals_at(current, res.client_ttft_offset_ms, &res.residuals);
  res.rms_pct = rms(final_r);

  std::set<int64_t> conc_lengths;
  for (const auto& o : in.observations) conc_lengths.insert(o.input_len);
  const std::string how[kParamCount] = {
      fmt::format("prefill time against input length ({} tokens)", join(lengths)),
      fmt::format("time per output token against the KV cache read per step (input lengths {}, "
                  "concurrency {})",
                  join(conc_lengths), join(concurrencies)),
      "time per output token of the smallest batches (the fixed part of a decode step)",
      fmt::format("time per output token against concurrency ({})", join(concurrencies)),
      tp_varies ? fmt::format("runs at tensor-parallel-size {}", join(tps))
      : *tps.begin() == 1
          ? "kept: every run is at tensor-parallel-size 1 (no all-reduce to measure)"
          : fmt::format("kept: every run is at tensor-parallel-size {}, so step_overhead_us "
                        "absorbs the all-reduce latency; add a run at TP 1 to separate them",
                        join(tps))};
  for (int k = 0; k < kParamCount; ++k) {
    ParameterFit p;
    p.name = kNames[k];
    FittedParameters from = start;
    p.start = field(from, k);
    p.value = field(current, k);
    p.fitted = std::find(free.begin(), free.end(), k) != free.end();
    p.how = how[k];
    res.parameters.push_back(std::move(p));
  }
  return res;
}

}  // namespace sonde::fit
