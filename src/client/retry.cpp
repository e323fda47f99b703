#include "client/retry.hpp"

namespace sonde {

bool retriable(const RequestRecord& attempt) {
  if (attempt.ok || !attempt.error || attempt.ttft_ms) return false;
  const RequestError& e = *attempt.error;
  if (e.kind == "connect" || e.kind == "timeout_connect") return true;
  if (e.kind.rfind("http_", 0) != 0) return false;
  return e.http_status == 429 || (e.http_status >= 500 && e.http_status <= 599);
}

}  // namespace sonde
