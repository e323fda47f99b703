#pragma once
// Which failed attempts `--retries N` may send again. Only failures where the server never began
// an answer: retrying after tokens flowed would hide a half-served request.
#include "results/record.hpp"

namespace sonde {

// True for connect errors (`connect`, `timeout_connect`) and for HTTP 429 / 5xx statuses that
// arrived before the first token. Never for timeouts after connecting, in-stream errors,
// truncated streams, 4xx other than 429, or cancellation.
bool retriable(const RequestRecord& attempt);

}  // namespace sonde
