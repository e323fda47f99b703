#include "stats/scenario_summary.hpp"

#include <algorithm>
#include <limits>

namespace sonde {
namespace {

// Samples of every per-request figure, gathered over ok requests before summarising.
struct Samples {
  std::vector<double> ttft, tpot, itl, e2el, decode, decode_tps, e2e_tps;
  std::vector<double> input, output, queue, ttft_corr, e2el_corr;
  std::vector<double> ttfo, reasoning;
};

void add_ok_record(const RequestRecord& r, Samples& s) {
  // Time the client held the request back; with open-loop rates this is added to the latencies
  // so that queueing inside the client cannot hide (coordinated omission).
  const double queue = r.start_ms - r.intended_start_ms;
  s.queue.push_back(queue);
  if (r.ttft_ms) {
    s.ttft.push_back(*r.ttft_ms);
    s.ttft_corr.push_back(*r.ttft_ms + queue);
  }
  if (r.tpot_ms) s.tpot.push_back(*r.tpot_ms);
  s.itl.insert(s.itl.end(), r.itl_ms.begin(), r.itl_ms.end());
  if (r.e2el_ms) {
    s.e2el.push_back(*r.e2el_ms);
    s.e2el_corr.push_back(*r.e2el_ms + queue);
    if (*r.e2el_ms > 0)
      s.e2e_tps.push_back(static_cast<double>(r.output_tokens) / *r.e2el_ms * 1000.0);
  }
  if (r.decode_ms) {
    s.decode.push_back(*r.decode_ms);
    // One token arrives with the first chunk, so a stream decodes output_tokens - 1 tokens
    // in decode_ms; undefined for a single token or a zero-length decode.
    if (r.output_tokens > 1 && *r.decode_ms > 0) {
      s.decode_tps.push_back(static_cast<double>(r.output_tokens - 1) / *r.decode_ms * 1000.0);
    }
  }
  s.input.push_back(static_cast<double>(r.input_tokens));
  s.output.push_back(static_cast<double>(r.output_tokens));
  if (r.ttfo_ms) s.ttfo.push_back(*r.ttfo_ms);
  if (r.reasoning_tokens) s.reasoning.push_back(static_cast<double>(*r.reasoning_tokens));
}

}  // namespace

ScenarioSummary summarize_scenario(const std::vector<RequestRecord>& records) {
  ScenarioSummary sum;
  Samples s;
  double first_start = std::numeric_limits<double>::infinity();
  double last_end = -std::numeric_limits<double>::infinity();
  for (const RequestRecord& r : records) {
    // Duration spans every request, failed ones included: they occupied the run too.
    first_start = std::min(first_start, r.start_ms);
    last_end = std::max(last_end, r.end_ms);
    if (!r.ok) {
      ++sum.failed;
      ++sum.errors[r.error ? r.error->kind_name() : std::string("unknown")];
      continue;
    }
    ++sum.completed;
    sum.total_input_tokens += r.input_tokens;
    sum.total_output_tokens += r.output_tokens;
    if (r.output_tokens_target > 0 && r.output_tokens != r.output_tokens_target) {
      ++sum.output_len_mismatches;
    }
    add_ok_record(r, s);
  }
  if (!records.empty() && last_end > first_start) {
    sum.duration_s = (last_end - first_start) / 1000.0;
    sum.request_throughput = sum.completed / sum.duration_s;
    sum.output_throughput = static_cast<double>(sum.total_output_tokens) / sum.duration_s;
    sum.total_token_throughput =
        static_cast<double>(sum.total_input_tokens + sum.total_output_tokens) / sum.duration_s;
  }
  sum.ttft_ms = summarize(std::move(s.ttft));
  sum.tpot_ms = summarize(std::move(s.tpot));
  sum.itl_ms = summarize(std::move(s.itl));
  sum.e2el_ms = summarize(std::move(s.e2el));
  sum.decode_ms = summarize(std::move(s.decode));
  sum.decode_tokens_per_s = summarize(std::move(s.decode_tps));
  sum.e2e_tokens_per_s = summarize(std::move(s.e2e_tps));
  sum.input_tokens = summarize(std::move(s.input));
  sum.output_tokens = summarize(std::move(s.output));
  sum.client_queue_ms = summarize(std::move(s.queue));
  sum.ttft_ms_corrected = summarize(std::move(s.ttft_corr));
  sum.e2el_ms_corrected = summarize(std::move(s.e2el_corr));
  sum.ttfo_ms = summarize(std::move(s.ttfo));
  sum.reasoning_tokens = summarize(std::move(s.reasoning));
  return sum;
}

}  // namespace sonde
