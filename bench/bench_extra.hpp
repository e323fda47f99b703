#pragma once
// The Python baseline, the prompt-preparation bench and the text of docs/performance.md.
#include <optional>
#include <string>

#include "bench.hpp"

namespace sonde::bench {

// Medians over the baseline script's runs (bench/baseline_aiohttp.py).
struct BaselineResult {
  double chunks_per_s = 0;       // text chunks per wall second
  double cpu_s_per_million = 0;  // process CPU seconds per million chunks
  double cpu_pct = 0;            // process CPU / wall
  double wall_s = 0;             // wall time of one run
  double delay_p50_us = 0, delay_p99_us = 0, delay_max_us = 0;        // receive - send
  double itl_err_p50_us = 0, itl_err_p99_us = 0, itl_err_max_us = 0;  // |gap error|
  int failed = 0;  // failed requests over all runs
};

// nullopt (with a note on stderr) when python3 + aiohttp are missing.
std::optional<BaselineResult> baseline_ingest(const Settings& s, const Blaster& server, int streams,
                                              int tokens);
std::optional<BaselineResult> baseline_fidelity(const Settings& s, const Blaster& server,
                                                int streams, int tokens);

Table prep_table(const Settings& s);

std::string performance_doc_head(const std::string& machine, const std::string& when,
                                 const Settings& s, double took_s, double load_end);
std::string performance_doc_tail();

}  // namespace sonde::bench
