#pragma once
// Tells a server that stopped answering (crashed engine, killed process) from one that merely
// fails some requests: after a run of consecutive failures that point at the server, /health
// and /v1/models are asked directly.
#include <string>

#include "results/record.hpp"
#include "runner/target.hpp"

namespace sonde {

class ServerWatch {
 public:
  // Consecutive server-side failures before the server is probed.
  static constexpr int kProbeAfter = 3;

  // Adds one finished request; true when the server should be probed now (the count restarts).
  bool add(const RequestRecord& r);

  // Failures that point at the server rather than the request: no connection, 5xx, errors
  // inside the stream and streams cut off.
  static bool server_side(const RequestRecord& r);

 private:
  int consecutive_ = 0;
};

// Whether the server still answers: GET /health with any status below 500, or, when /health
// gives no answer at all, GET /v1/models with 200. A 5xx on /health (vLLM's dead engine) is silence. Empty when it does; else what it got, for the report.
std::string server_silence(const Endpoint& endpoint);

}  // namespace sonde
