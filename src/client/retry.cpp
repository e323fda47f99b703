#include "client/retry.hpp"

namespace sonde {

bool retriable(const RequestRecord& attempt) {
  if (attempt.ok || !attempt.error || attempt.ttft_ms) return false;
  const RequestError& e = *attempt.error;
  switch (e.kind) {
    case ErrorKind::connect:
    case ErrorKind::timeout_connect:
      return true;
    case ErrorKind::http:
      return e.http_status == 429 || (e.http_status >= 500 && e.http_status <= 599);
    case ErrorKind::timeout_first_token:
    case ErrorKind::timeout_idle:
    case ErrorKind::timeout_total:
    case ErrorKind::stream_error:
    case ErrorKind::stream_truncated:
    case ErrorKind::malformed_chunk:
    case ErrorKind::cancelled:
    case ErrorKind::server_died:
      return false;
  }
  return false;
}

}  // namespace sonde
