#include "fit/profile_json.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "profiles/profiles.hpp"
#include "util/utc.hpp"

namespace sonde::fit {
namespace {

using json = nlohmann::json;

// Rounded for reading; far below what the fit can resolve.
double round6(double v) { return std::isfinite(v) ? std::round(v * 1e6) / 1e6 : 0; }

}  // namespace

json profile_json(const FitInput& in, const FitResult& fit) {
  json j;
  j["kind"] = profiles::kFittedProfileKind;
  j["schema_version"] = profiles::kFittedProfileSchemaVersion;
  j["about"] =
      "Cost-model parameters of sonde's simulator fitted by `sonde fit` to the runs below: "
      "`sonde sim --profile-file THIS` (and `sonde run --sim --sim-profile-file`, `sonde sweep "
      "--predict`) use them in place of the GPU profile's figures. Residuals compare each "
      "measured figure with the fitted simulator replaying the same requests "
      "(docs/simulator.md, \"Fitting the simulator to your own run\").";
  j["tool_version"] = SONDE_VERSION;
  j["created_at"] = utc_now("{:%Y-%m-%dT%H:%M:%SZ}");
  const auto& gpu = profiles::find_gpu(profiles::builtin_gpus(), fit.gpu);
  j["gpu_profile"] = fit.gpu;
  j["gpu_product_name"] = gpu.product_name;
  j["model_profile"] = fit.model_profile;
  const RunData& first = in.runs.front();
  j["model"] = first.model;
  j["vllm_version"] = first.vllm_version;
  json runs = json::array();
  for (const auto& r : in.runs) {
    json settings = json::object();
    for (const auto& [name, value] : r.settings) settings[name] = value;
    runs.push_back({{"dir", r.dir},
                    {"run_id", r.run_id},
                    {"vllm_version", r.vllm_version},
                    {"simulated", r.simulated},
                    {"sim_profile", r.sim_profile},
                    {"model", r.model},
                    {"server_settings", settings}});
  }
  j["runs"] = runs;
  json params = json::object();
  for (const auto& p : fit.parameters) {
    params[p.name] = {{"value", round6(p.value)},
                      {"start", p.start},
                      {"change_pct", p.start != 0 ? round6(100 * (p.value / p.start - 1)) : 0.0},
                      {"fitted", p.fitted},
                      {"how", p.how}};
  }
  j["parameters"] = params;
  if (fit.kv.measured) {
    j["kv_cache"] = {
        {"num_gpu_blocks", fit.kv.num_gpu_blocks},
        {"simulator_blocks", fit.kv.simulator_blocks},
        {"block_size", fit.kv.block_size},
        {"memory_offset_bytes", fit.kv.memory_offset_bytes},
        {"source",
         fmt::format("num_gpu_blocks of {} (vLLM's cache_config_info)", in.runs[fit.kv.run].dir)},
        {"how",
         "memory_offset_bytes per GPU is held back beyond the simulator's memory accounting so "
         "that the simulator's KV cache has the measured size at those settings"}};
  } else {
    j["kv_cache"] = {{"memory_offset_bytes", 0},
                     {"how",
                      "not measured: no run recorded num_gpu_blocks (vLLM's "
                      "cache_config_info on /metrics); the simulator's own accounting is "
                      "kept"}};
  }
  j["fit"] = {{"method",
               "Levenberg-Marquardt least squares on relative errors, each scenario "
               "replayed through the simulator's engine"},
              {"iterations", fit.iterations},
              {"client_ttft_offset_ms",
               fit.client_offset_fitted ? json(round6(fit.client_ttft_offset_ms)) : json(nullptr)},
              {"converged", fit.converged},
              {"start_rms_error_pct", round6(fit.start_rms_pct)},
              {"rms_error_pct", round6(fit.rms_pct)}};
  json residuals = json::array();
  for (const auto& r : fit.residuals) {
    residuals.push_back({{"run", in.runs[r.run].dir},
                         {"scenario", r.scenario},
                         {"figure", r.figure},
                         {"source", r.source},
                         {"measured_ms", round6(r.measured_ms)},
                         {"model_ms", round6(r.model_ms)},
                         {"error_pct", round6(r.error_pct)}});
  }
  j["residuals"] = residuals;
  if (!in.notes.empty()) j["notes"] = in.notes;
  return j;
}

}  // namespace sonde::fit
