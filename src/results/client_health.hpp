#pragma once
// sonde's own health while measuring one scenario (run.json's per-scenario `client_health`), so
// a report can say when sonde itself, not the server, was the limit. Filled by client/run_plan.
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace sonde {

struct ClientHealth {
  double max_receive_backlog_ms = 0;  // longest wait of a ready socket between the event loop's
                                      // wake-up and its processing (lower bound of read delay)
  double cpu_user_s = 0;              // user CPU of the event-loop threads, seconds
  double cpu_system_s = 0;            // system CPU of the event-loop threads, seconds
  double wall_s = 0;                  // wall time of run_plan, seconds
  double cpu_util_pct = 0;            // (user + system) / (wall * threads) * 100; near 100 =
                                      // the client was saturated
  int threads = 0;                    // event-loop threads used
  std::string transport;              // "native" or "curl": what carried the requests

  bool operator==(const ClientHealth&) const = default;
};

// {max_receive_backlog_ms, cpu_util_pct, cpu_user_s, cpu_system_s, wall_s, threads, transport}.
void to_json(nlohmann::json& j, const ClientHealth& h);
// The inverse. Keys added after the first files went out read as their defaults (threads 1,
// transport "curl"); throws nlohmann::json::exception when cpu_util_pct is missing or a key has
// the wrong type.
void from_json(const nlohmann::json& j, ClientHealth& h);

}  // namespace sonde
