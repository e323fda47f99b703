#pragma once
// The checks shared by mooncake_fuzz and azure_fuzz: a trace loads or throws a TrafficError
// naming the input; arrivals start at 0 and never go back; lengths are not negative; with
// max_requests the rows are the full read's first rows.
#include <algorithm>
#include <functional>
#include <memory>
#include <sstream>
#include <string>

#include "traffic/trace.hpp"
#include "traffic_fuzz_common.hpp"

namespace sonde::traffic::fuzz {

using OpenTrace = std::function<std::unique_ptr<TraceReader>(std::istream&, TraceOptions)>;

inline void check_trace(const std::string& input, const std::string& name, const OpenTrace& open) {
  Trace full;
  try {
    std::istringstream in(input);
    auto reader = open(in, {});
    full = read_trace(*reader);
  } catch (const TrafficError& e) {
    check_error(e, name);
    return;
  }
  check_facts(full.facts, input);
  check(full.rows.front().arrival_ms == 0);
  for (std::size_t i = 0; i < full.rows.size(); ++i) {
    const TraceRow& r = full.rows[i];
    check(r.input_tokens >= 0 && r.output_tokens >= 0);
    if (i > 0) check(r.arrival_ms >= full.rows[i - 1].arrival_ms && r.line > full.rows[i - 1].line);
  }
  const std::size_t max = 1 + input.size() % 3;
  std::istringstream in(input);
  auto reader = open(in, {.max_requests = max});
  const Trace head = read_trace(*reader);
  check(head.rows.size() == std::min(max, full.rows.size()));
  for (std::size_t i = 0; i < head.rows.size(); ++i) {
    check(head.rows[i].line == full.rows[i].line && head.rows[i].hash_ids == full.rows[i].hash_ids);
  }
  check(head.facts.sha256 == full.facts.sha256);
}

}  // namespace sonde::traffic::fuzz
