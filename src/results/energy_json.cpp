// JSON of run.json's per-scenario `energy`.
#include <nlohmann/json.hpp>

#include "results/energy.hpp"
#include "results/json_util.hpp"

namespace sonde {

void to_json(nlohmann::json& j, const EnergyRecord& r) {
  using json_detail::number;
  nlohmann::json gpus = nlohmann::json::array();
  for (const GpuEnergy& g : r.per_gpu) {
    gpus.push_back({{"index", g.index},
                    {"name", g.name},
                    {"method", g.method},
                    {"joules", number(g.joules)},
                    {"window_s", number(g.window_s)},
                    {"mean_power_w", number(g.mean_power_w)},
                    {"peak_power_w", json_detail::optional_number(g.peak_power_w)}});
  }
  j = {{"source", r.source},
       {"joules", number(r.joules)},
       {"mean_power_w", number(r.mean_power_w)},
       {"output_tokens", r.output_tokens},
       {"joules_per_output_token", number(r.joules_per_output_token)},
       {"per_gpu", std::move(gpus)}};
}

void from_json(const nlohmann::json& j, EnergyRecord& r) {
  using json_detail::read_number;
  r = EnergyRecord{};
  r.source = j.at("source").get<std::string>();
  r.joules = read_number(j, "joules");
  r.mean_power_w = read_number(j, "mean_power_w");
  r.output_tokens = j.at("output_tokens").get<int64_t>();
  r.joules_per_output_token = read_number(j, "joules_per_output_token");
  for (const nlohmann::json& g : j.at("per_gpu")) {
    GpuEnergy e;
    e.index = g.at("index").get<int>();
    e.name = g.at("name").get<std::string>();
    e.method = g.at("method").get<std::string>();
    e.joules = read_number(g, "joules");
    e.window_s = read_number(g, "window_s");
    e.mean_power_w = read_number(g, "mean_power_w");
    e.peak_power_w = json_detail::read_optional_number(g, "peak_power_w");
    r.per_gpu.push_back(std::move(e));
  }
}

}  // namespace sonde
