// capacity.json (and run.json `capacity`): what `sonde capacity` found.
#include "results/capacity_json.hpp"

#include "results/json.hpp"
#include "results/json_util.hpp"

namespace sonde {

using json_detail::number;
using json_detail::optional_number;
using json_detail::read_number;
using json_detail::read_optional_number;
using json_detail::value_or;
using nlohmann::json;

void to_json(json& j, const LatencyPercentiles& p) {
  j = json{{"p50", number(p.p50)}, {"p90", number(p.p90)}, {"p99", number(p.p99)}};
}

void from_json(const json& j, LatencyPercentiles& p) {
  p.p50 = read_number(j, "p50");
  p.p90 = read_number(j, "p90");
  p.p99 = read_number(j, "p99");
}

void to_json(json& j, const CapacityProbe& p) {
  j = json{{"scenario", p.scenario},
           {"load", number(p.load)},
           {"rate", number(p.rate)},
           {"attainment_pct", number(p.attainment_pct)},
           {"passed", p.passed},
           {"saturated", p.saturated},
           {"verification", p.verification},
           {"completed", p.completed},
           {"failed", p.failed},
           {"output_throughput", number(p.output_throughput)},
           {"ttft_ms", p.ttft_ms},
           {"tpot_ms", p.tpot_ms}};
}

void from_json(const json& j, CapacityProbe& p) {
  p.scenario = j.at("scenario").get<std::string>();
  p.load = read_number(j, "load");
  p.rate = read_number(j, "rate");
  p.attainment_pct = read_number(j, "attainment_pct");
  p.passed = j.at("passed").get<bool>();
  p.saturated = j.at("saturated").get<bool>();
  p.verification = value_or(j, "verification", false);
  p.completed = j.at("completed").get<int>();
  p.failed = value_or(j, "failed", 0);
  p.output_throughput = read_number(j, "output_throughput");
  p.ttft_ms = j.at("ttft_ms").get<LatencyPercentiles>();
  p.tpot_ms = j.at("tpot_ms").get<LatencyPercentiles>();
}

void to_json(json& j, const CapacityResult& c) {
  j = json{{"schema_version", kCapacitySchemaVersion},
           {"load", c.load},
           {"slos", c.slos},
           {"target_attainment_pct", number(c.target_pct)},
           {"max_load", number(c.max_load)},
           {"status", c.status},
           {"capacity", optional_number(c.capacity)},
           {"capacity_rps", optional_number(c.capacity_rps)},
           {"capacity_output_tps", optional_number(c.capacity_output_tps)},
           {"bracket", json::array({number(c.bracket_lo), number(c.bracket_hi)})},
           {"probes", c.probes}};
}

void from_json(const json& j, CapacityResult& c) {
  c.load = j.at("load").get<std::string>();
  c.slos = j.at("slos").get<GoodputSlos>();
  c.target_pct = read_number(j, "target_attainment_pct");
  c.max_load = value_or(j, "max_load", 0.0);
  c.status = j.at("status").get<std::string>();
  c.capacity = read_optional_number(j, "capacity");
  c.capacity_rps = read_optional_number(j, "capacity_rps");
  c.capacity_output_tps = read_optional_number(j, "capacity_output_tps");
  const json& b = j.at("bracket");
  c.bracket_lo = b.at(0).is_null() ? 0 : b.at(0).get<double>();
  c.bracket_hi = b.at(1).is_null() ? 0 : b.at(1).get<double>();
  c.probes = j.at("probes").get<std::vector<CapacityProbe>>();
}

std::string capacity_json_text(const CapacityResult& c) { return json(c).dump(2) + "\n"; }

}  // namespace sonde
