#pragma once
// One run of each client bench; the driver repeats them and takes medians.
#include <cstdint>

#include "bench.hpp"

namespace sonde::bench {

struct IngestResult {
  double chunks_per_s = 0;       // text chunks parsed and timestamped per wall second
  double cpu_s_per_million = 0;  // client CPU seconds per million chunks
  double client_cpu_pct = 0;     // client event-loop CPU / wall
  double server_cpu_pct = 0;     // server process CPU / wall (100 = server saturated)
  int64_t chunks = 0;            // text chunks received
  int failed = 0;                // requests not ok
};

struct FidelityResult {
  double delay_p50_us = 0, delay_p99_us = 0, delay_max_us = 0;        // receive - send instant
  double itl_err_p50_us = 0, itl_err_p99_us = 0, itl_err_max_us = 0;  // |received gap - sent gap|
  double client_cpu_pct = 0;  // client event-loop CPU / wall
  double backlog_ms = 0;      // ClientHealth::max_receive_backlog_ms
  double server_cpu_pct = 0;  // server process CPU / wall (100 = server saturated)
  double wall_s = 0;          // run_plan wall time
  int64_t chunks = 0;         // chunks with a send instant
  int failed = 0;             // requests not ok
  double stall_ms = 0;        // longest machine stall meanwhile (StallWatch)
};

struct ScheduleResult {
  double p50_us = 0, p99_us = 0, max_us = 0;  // start - intended_start
  int failed = 0;                             // requests not ok
  double client_cpu_pct = 0;                  // client event-loop CPU / wall
  double stall_ms = 0;                        // longest machine stall meanwhile (StallWatch)
};

struct FootprintResult {
  double peak_rss_mib = 0;    // peak resident set of the bench process during the run
  double delta_rss_mib = 0;   // peak minus before the run
  double client_cpu_pct = 0;  // client event-loop CPU / wall
  int failed = 0;             // requests not ok
};

IngestResult ingest_once(const Blaster& server, int streams, int tokens,
                         ClientTransport transport = ClientTransport::native);
FidelityResult fidelity_once(const Blaster& server, int streams, int tokens, int threads,
                             ClientTransport transport = ClientTransport::native);
ScheduleResult schedule_once(const Blaster& server, double rate, int requests, uint64_t seed);
FootprintResult footprint_once(const Blaster& server, int streams, int tokens);

}  // namespace sonde::bench
