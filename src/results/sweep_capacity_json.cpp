// sweep.json's per-point `capacity` and the sweep's `capacity` decision.
#include <nlohmann/json.hpp>

#include "results/capacity_json.hpp"
#include "results/json_util.hpp"
#include "results/sweep_capacity.hpp"

namespace sonde {

using json_detail::optional_number;
using json_detail::read_optional_number;
using json_detail::value_or;
using nlohmann::json;

const char* to_string(RunnerUpReason r) {
  switch (r) {
    case RunnerUpReason::less_capacity:
      return "less_capacity";
    case RunnerUpReason::off_frontier:
      return "off_frontier";
    case RunnerUpReason::misses_slo:
      return "misses_slo";
  }
  return "less_capacity";
}

std::optional<RunnerUpReason> parse_runner_up_reason(const std::string& text) {
  for (RunnerUpReason r :
       {RunnerUpReason::less_capacity, RunnerUpReason::off_frontier, RunnerUpReason::misses_slo}) {
    if (text == to_string(r)) return r;
  }
  return std::nullopt;
}

void to_json(json& j, const PointCapacity& c) {
  j = json{{"dir", c.dir},
           {"status", c.search.status},
           {"capacity_rps", optional_number(c.search.capacity_rps)},
           {"capacity_output_tps", optional_number(c.search.capacity_output_tps)},
           {"gpus", c.gpus},
           {"capacity_per_gpu", optional_number(c.capacity_per_gpu)},
           {"output_tps_per_gpu", optional_number(c.output_tps_per_gpu)},
           {"tpot_p50_ms", optional_number(c.tpot_p50_ms)},
           {"tokens_per_user", optional_number(c.tokens_per_user)},
           {"search", c.search}};
}

void from_json(const json& j, PointCapacity& c) {
  c.dir = j.at("dir").get<std::string>();
  c.search = j.at("search").get<CapacityResult>();
  c.gpus = j.at("gpus").get<int>();
  c.capacity_per_gpu = read_optional_number(j, "capacity_per_gpu");
  c.output_tps_per_gpu = read_optional_number(j, "output_tps_per_gpu");
  c.tpot_p50_ms = read_optional_number(j, "tpot_p50_ms");
  c.tokens_per_user = read_optional_number(j, "tokens_per_user");
}

void to_json(json& j, const CapacityDecision& d) {
  j = json{{"ranking", d.ranking},
           {"pareto", d.pareto},
           {"within_slos", d.within_slos},
           {"recommended", d.recommended.empty() ? json(nullptr) : json(d.recommended)},
           {"runner_up", d.runner_up.empty() ? json(nullptr) : json(d.runner_up)},
           {"runner_up_reason",
            d.runner_up_reason ? json(to_string(*d.runner_up_reason)) : json(nullptr)},
           {"dominated_by", d.dominated_by.empty() ? json(nullptr) : json(d.dominated_by)}};
}

void from_json(const json& j, CapacityDecision& d) {
  d.ranking = j.at("ranking").get<std::vector<std::string>>();
  d.pareto = j.at("pareto").get<std::vector<std::string>>();
  d.within_slos = value_or(j, "within_slos", std::vector<std::string>());
  d.recommended = value_or(j, "recommended", std::string());
  d.runner_up = value_or(j, "runner_up", std::string());
  d.runner_up_reason = parse_runner_up_reason(value_or(j, "runner_up_reason", std::string()));
  d.dominated_by = value_or(j, "dominated_by", std::string());
}

}  // namespace sonde
