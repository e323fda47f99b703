#pragma once
// One measured request, exactly as docs/metrics.md defines its fields. Plain data.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "results/error_kind.hpp"

namespace sonde {

struct RequestError {
  ErrorKind kind = ErrorKind::connect;  // why it failed (results/error_kind.hpp)
  int http_status = 0;  // HTTP status when one was received, else 0 (the <status> of http_<status>)
  std::string message;  // server's or transport's message, trimmed to 2 KiB

  // "timeout_idle", "http_503": the kind as files and reports name it.
  std::string kind_name() const { return error_kind_name(kind, http_status); }
};

struct RequestRecord {
  std::string scenario;               // scenario name
  int index = 0;                      // 0-based index within the scenario
  std::string x_request_id;           // the x-request-id header sent
  std::string response_id;            // "id" of the stream's chunks ("" if none seen)
  bool ok = false;                    // completed with [DONE] and no error
  std::optional<RequestError> error;  // set iff !ok
  // Instants in ms since the run's epoch (steady clock), already multiplied by the run's
  // time scale (1 for real servers; the simulator's speed-up for --sim).
  double intended_start_ms = 0;      // when the schedule wanted it sent (== start_ms unless rate)
  double start_ms = 0;               // just before handing it to the transport
  double end_ms = 0;                 // end of stream ([DONE], connection end or error)
  std::optional<double> ttft_ms;     // first text-bearing chunk - start
  std::optional<double> e2el_ms;     // end - start (set for ok requests)
  std::optional<double> decode_ms;   // last text chunk - first text chunk
  std::optional<double> tpot_ms;     // decode_ms / (output_tokens - 1) when output_tokens > 1
  std::vector<double> itl_ms;        // gaps between consecutive text-bearing chunks
  int64_t input_tokens = 0;          // usage.prompt_tokens (0 if unknown)
  int64_t input_tokens_target = 0;   // what the scenario asked for
  int64_t output_tokens = 0;         // usage.completion_tokens, else text-chunk count
  int64_t output_tokens_target = 0;  // max_tokens asked for
  bool output_tokens_estimated = false;  // true when no usage chunk arrived
  std::string finish_reason;             // finish_reason of the last choice chunk ("" if none)
  // Reasoning models (docs/metrics.md "Reasoning"): set only when the stream carried reasoning.
  std::optional<double> ttfo_ms;            // first answer (content/text) chunk - start
  std::optional<int64_t> reasoning_tokens;  // usage's reasoning_tokens, else reasoning-chunk count
  bool reasoning_tokens_estimated = false;  // true when counted from chunks
  // Prompt tokens the server served from its prefix cache (usage.prompt_tokens_details.
  // cached_tokens); unset when the server did not say (vLLM without
  // --enable-prompt-tokens-details). docs/metrics.md "Prefix cache".
  std::optional<int64_t> cached_tokens;
  // --retries: attempts sent (1 = no retry). Latencies are the final attempt's; intended_start
  // stays the first attempt's, so client_queue_ms includes the failed attempts.
  int attempts = 1;
  std::vector<RequestError> retried_errors;  // why each earlier attempt failed, oldest first
  // Dataset / trace scenarios: the row the request came from (dataset: 0-based row index in the
  // file; trace: 1-based line); unset for generated prompts (not written then).
  std::optional<int64_t> row;
  // Conversation scenarios: the chat session (0-based user index) and its 1-based turn; unset
  // (not written) for other requests.
  std::optional<int> session;
  std::optional<int> turn;
  // `sonde run --clients N`, merged journal only: the client process (0-based shard) that sent
  // it; unset (not written) otherwise. `index` stays the scenario's global index.
  std::optional<int> shard;
};

}  // namespace sonde
