// JSON of run.json's per-scenario `spec_decode`.
#include <nlohmann/json.hpp>

#include "results/json_util.hpp"
#include "results/spec_decode.hpp"

namespace sonde {

void to_json(nlohmann::json& j, const SpecDecodeRecord& r) {
  using json_detail::number;
  nlohmann::json per_pos = nlohmann::json::array();
  for (double v : r.acceptance_rate_per_pos) per_pos.push_back(number(v));
  j = {{"drafts", r.drafts},
       {"draft_tokens", r.draft_tokens},
       {"accepted_tokens", r.accepted_tokens},
       {"acceptance_rate", number(r.acceptance_rate)},
       {"mean_acceptance_length", number(r.mean_acceptance_length)},
       {"acceptance_rate_per_pos", std::move(per_pos)}};
  if (r.reset_detected) j["reset_detected"] = true;
}

void from_json(const nlohmann::json& j, SpecDecodeRecord& r) {
  using json_detail::read_number;
  r = SpecDecodeRecord{};
  r.drafts = j.at("drafts").get<int64_t>();
  r.draft_tokens = j.at("draft_tokens").get<int64_t>();
  r.accepted_tokens = j.at("accepted_tokens").get<int64_t>();
  r.acceptance_rate = read_number(j, "acceptance_rate");
  r.mean_acceptance_length = read_number(j, "mean_acceptance_length");
  for (const nlohmann::json& v : j.at("acceptance_rate_per_pos")) {
    r.acceptance_rate_per_pos.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN()
                                                    : v.get<double>());
  }
  r.reset_detected = json_detail::value_or(j, "reset_detected", false);
}

}  // namespace sonde
