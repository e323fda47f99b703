#include "profiles/fitted_profile.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "util/error.hpp"

namespace sonde::profiles {
namespace {

using json = nlohmann::json;

double parameter(const json& params, const char* key, const std::string& where) {
  const auto it = params.find(key);
  if (it == params.end() || !it->is_object() || !it->contains("value") ||
      !(*it)["value"].is_number()) {
    throw UsageError(
        fmt::format("{}: parameters.{}.value is missing or not a number; write the "
                    "file with `sonde fit`",
                    where, key));
  }
  const double v = (*it)["value"].get<double>();
  if (!std::isfinite(v) || v < 0) {
    throw UsageError(
        fmt::format("{}: parameters.{}.value {} must be a finite number >= 0", where, key, v));
  }
  return v;
}

}  // namespace

FittedProfile read_fitted_profile(const std::string& path, const std::string& flag) {
  const std::string where = flag + " " + path;
  const json root = json::parse(read_profile_file(path, flag), nullptr, false);
  if (root.is_discarded() || !root.is_object() || root.value("kind", "") != kFittedProfileKind) {
    throw UsageError(
        fmt::format("{}: not a fitted simulator profile (\"kind\": \"{}\"); write one "
                    "with `sonde fit RUN_DIR --out {}`",
                    where, kFittedProfileKind, path));
  }
  if (root.value("schema_version", 0) != kFittedProfileSchemaVersion) {
    throw UsageError(fmt::format("{}: schema_version {} is not {}; fit it again with this sonde",
                                 where, root.value("schema_version", 0), kFittedProfileSchemaVersion));
  }
  FittedProfile f;
  f.path = path;
  try {
    f.gpu = root.at("gpu_profile").get<std::string>();
    f.model_profile = root.at("model_profile").get<std::string>();
    const json& p = root.at("parameters");
    f.parameters.flops_efficiency = parameter(p, "flops_efficiency", where);
    f.parameters.bandwidth_efficiency = parameter(p, "bandwidth_efficiency", where);
    f.parameters.step_overhead_us = parameter(p, "step_overhead_us", where);
    f.parameters.seq_overhead_us = parameter(p, "seq_overhead_us", where);
    f.parameters.interconnect_latency_us = parameter(p, "interconnect_latency_us", where);
    if (const auto kv = root.find("kv_cache"); kv != root.end() && kv->is_object()) {
      f.kv_memory_offset_bytes = kv->value("memory_offset_bytes", int64_t{0});
    }
  } catch (const json::exception& e) {
    throw UsageError(fmt::format("{}: {}; write the file with `sonde fit`", where, e.what()));
  }
  const auto& p = f.parameters;
  if (!(p.flops_efficiency > 0 && p.flops_efficiency <= 1) ||
      !(p.bandwidth_efficiency > 0 && p.bandwidth_efficiency <= 1)) {
    throw UsageError(
        fmt::format("{}: flops_efficiency and bandwidth_efficiency must be in (0, 1]", where));
  }
  (void)find_gpu(builtin_gpus(), f.gpu);  // unknown names fail here, naming the known ones
  (void)find_model(builtin_models(), f.model_profile);
  return f;
}

GpuProfile apply_fitted(GpuProfile gpu, const FittedParameters& p) {
  gpu.flops_efficiency = p.flops_efficiency;
  gpu.bandwidth_efficiency = p.bandwidth_efficiency;
  gpu.step_overhead_us = p.step_overhead_us;
  gpu.seq_overhead_us = p.seq_overhead_us;
  gpu.interconnect_latency_us = p.interconnect_latency_us;
  return gpu;
}

FittedParameters parameters_of(const GpuProfile& gpu) {
  return {gpu.flops_efficiency, gpu.bandwidth_efficiency, gpu.step_overhead_us, gpu.seq_overhead_us,
          gpu.interconnect_latency_us};
}

}  // namespace sonde::profiles
