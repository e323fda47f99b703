#include "analysis/goodput.hpp"

namespace sonde::analysis {
namespace {

// vLLM compares `slo >= value`: a request exactly at its objective is good. A metric the record
// lacks cannot be shown to meet its objective.
bool meets(const std::optional<double>& slo, const std::optional<double>& value) {
  return !slo || (value && *value <= *slo);
}

}  // namespace

bool is_good_request(const RequestRecord& r, const GoodputSlos& slos) {
  if (!r.ok) return false;
  // vLLM's benchmark_serving: "if output_len <= 1, we regard tpot as 0 for goodput".
  const std::optional<double> tpot = r.output_tokens > 1 ? r.tpot_ms : std::optional<double>(0.0);
  return meets(slos.ttft_ms, r.ttft_ms) && meets(slos.tpot_ms, tpot) &&
         meets(slos.e2el_ms, r.e2el_ms);
}

std::optional<GoodputResult> compute_goodput(const std::vector<RequestRecord>& records,
                                             const GoodputSlos& slos, double duration_s) {
  if (!slos.any()) return std::nullopt;
  GoodputResult g;
  g.slos = slos;
  g.total = static_cast<int>(records.size());
  for (const auto& r : records) g.good += is_good_request(r, slos);
  g.attainment_pct = g.total == 0 ? 0.0 : 100.0 * g.good / g.total;
  g.request_goodput = duration_s > 0 ? g.good / duration_s : 0.0;
  return g;
}

}  // namespace sonde::analysis
