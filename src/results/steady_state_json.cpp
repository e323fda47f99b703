// run.json: a scenario's `steady_state` window.
#include "results/json.hpp"
#include "results/json_util.hpp"

namespace sonde {

using json_detail::number;
using nlohmann::json;

void to_json(json& j, const SteadyState& s) {
  j = json{{"start_ms", number(s.start_ms)},
           {"end_ms", number(s.end_ms)},
           {"requests", s.requests},
           {"request_throughput", number(s.request_throughput)},
           {"output_throughput", number(s.output_throughput)},
           {"total_token_throughput", number(s.total_token_throughput)},
           {"attainment_pct", json_detail::optional_number(s.attainment_pct)}};
}

void from_json(const json& j, SteadyState& s) {
  s.start_ms = json_detail::read_number(j, "start_ms");
  s.end_ms = json_detail::read_number(j, "end_ms");
  s.requests = j.at("requests").get<int>();
  s.request_throughput = json_detail::read_number(j, "request_throughput");
  s.output_throughput = json_detail::read_number(j, "output_throughput");
  s.total_token_throughput = json_detail::read_number(j, "total_token_throughput");
  s.attainment_pct = json_detail::read_optional_number(j, "attainment_pct");
}

}  // namespace sonde
