#include <nlohmann/json.hpp>

#include "server/process_group.hpp"

namespace sonde {

nlohmann::json stop_result_json(const StopResult& r) {
  return {{"escalation", r.escalation},
          {"group_gone", r.group_gone},
          {"port_free", r.port_free},
          {"took_s", r.took_s}};
}

}  // namespace sonde
