// run.json: options.goodput (the objectives) and each scenario's `goodput`.
#include "results/json.hpp"
#include "results/json_util.hpp"

namespace sonde {

using json_detail::number;
using json_detail::read_optional_number;
using nlohmann::json;

void to_json(json& j, const GoodputSlos& s) {
  j = json::object();  // only the objectives given; {} when goodput was not asked for
  if (s.ttft_ms) j["ttft_ms"] = number(*s.ttft_ms);
  if (s.tpot_ms) j["tpot_ms"] = number(*s.tpot_ms);
  if (s.e2el_ms) j["e2el_ms"] = number(*s.e2el_ms);
}

void from_json(const json& j, GoodputSlos& s) {
  s.ttft_ms = read_optional_number(j, "ttft_ms");
  s.tpot_ms = read_optional_number(j, "tpot_ms");
  s.e2el_ms = read_optional_number(j, "e2el_ms");
}

void to_json(json& j, const GoodputResult& g) {
  j = json{{"slos", g.slos},
           {"good", g.good},
           {"total", g.total},
           {"attainment_pct", number(g.attainment_pct)},
           {"request_goodput", number(g.request_goodput)}};
}

void from_json(const json& j, GoodputResult& g) {
  g.slos = j.at("slos").get<GoodputSlos>();
  g.good = j.at("good").get<int>();
  g.total = j.at("total").get<int>();
  g.attainment_pct = json_detail::read_number(j, "attainment_pct");
  g.request_goodput = json_detail::read_number(j, "request_goodput");
}

}  // namespace sonde
