// JSON of run.json's per-scenario `client_health`.
#include <nlohmann/json.hpp>

#include "results/client_health.hpp"
#include "results/json_util.hpp"

namespace sonde {

using json_detail::number;
using json_detail::value_or;

void to_json(nlohmann::json& j, const ClientHealth& h) {
  j = {{"max_receive_backlog_ms", number(h.max_receive_backlog_ms)},
       {"cpu_util_pct", number(h.cpu_util_pct)},
       {"cpu_user_s", number(h.cpu_user_s)},
       {"cpu_system_s", number(h.cpu_system_s)},
       {"wall_s", number(h.wall_s)},
       {"threads", h.threads},
       {"transport", h.transport}};
}

void from_json(const nlohmann::json& j, ClientHealth& h) {
  h = ClientHealth{};
  h.cpu_util_pct = j.at("cpu_util_pct").get<double>();
  h.max_receive_backlog_ms = value_or(j, "max_receive_backlog_ms", 0.0);
  h.cpu_user_s = value_or(j, "cpu_user_s", 0.0);
  h.cpu_system_s = value_or(j, "cpu_system_s", 0.0);
  h.wall_s = value_or(j, "wall_s", 0.0);
  h.threads = value_or(j, "threads", 1);
  h.transport = value_or<std::string>(j, "transport", "curl");
}

}  // namespace sonde
