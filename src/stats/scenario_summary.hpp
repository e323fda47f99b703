#pragma once
// Per-scenario summary (docs/metrics.md "Per scenario"), computed from request records only.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "results/record.hpp"
#include "stats/distribution.hpp"

namespace sonde {

struct ScenarioSummary {
  int completed = 0;                  // ok requests
  int failed = 0;                     // not-ok requests (excluded from latency stats)
  std::map<std::string, int> errors;  // error kind -> count
  double duration_s = 0;              // first start -> last completion (any request)
  double request_throughput = 0;      // completed / duration, req/s
  double output_throughput = 0;       // sum output_tokens (ok) / duration, tok/s
  double total_token_throughput = 0;  // (sum input + sum output tokens, ok) / duration, tok/s
  int64_t total_input_tokens = 0;     // sum of input_tokens over ok requests
  int64_t total_output_tokens = 0;    // sum of output_tokens over ok requests
  int output_len_mismatches = 0;      // ok requests whose output_tokens != output_tokens_target
  Distribution ttft_ms;
  Distribution tpot_ms;
  Distribution itl_ms;  // all gaps of all ok requests pooled
  Distribution e2el_ms;
  Distribution decode_ms;
  Distribution decode_tokens_per_s;  // per request: (output_tokens - 1) / decode_ms * 1000
  Distribution e2e_tokens_per_s;     // per request: output_tokens / e2el_ms * 1000 (naive)
  Distribution input_tokens;
  Distribution output_tokens;
  Distribution client_queue_ms;    // start - intended_start
  Distribution ttft_ms_corrected;  // from intended_start (coordinated omission)
  Distribution e2el_ms_corrected;  // from intended_start
  // Reasoning models: over ok requests whose stream carried reasoning (count 0 = none did).
  Distribution ttfo_ms;  // time to the first answer token
  Distribution reasoning_tokens;
};

ScenarioSummary summarize_scenario(const std::vector<RequestRecord>& records);

}  // namespace sonde
