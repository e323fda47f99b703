// Runs bench/baseline_aiohttp.py against the same server, --runs times inside one Python
// process, and takes the medians of the JSON lines it prints.
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <iostream>

#include "bench_extra.hpp"

namespace sonde::bench {
namespace {

std::optional<BaselineResult> run_baseline(const Settings& s, const Blaster& server,
                                           const std::string& mode, int streams, int tokens) {
  if (!s.baseline) return std::nullopt;
  Child py({access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3",
            s.source_dir + "/bench/baseline_aiohttp.py", "--url",
            server.base_url() + "/v1/chat/completions", "--mode", mode, "--streams",
            std::to_string(streams), "--tokens", std::to_string(tokens), "--runs",
            std::to_string(s.runs)});
  std::vector<nlohmann::json> runs;
  for (std::string line = py.read_line(); !line.empty(); line = py.read_line()) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object()) runs.push_back(std::move(j));
  }
  py.wait();
  if (runs.empty()) {
    std::cerr << "baseline: bench/baseline_aiohttp.py produced nothing (is python3-aiohttp "
                 "installed? scripts/install-deps.sh)\n";
    return std::nullopt;
  }
  auto med_of = [&](const char* key) {
    std::vector<double> v;
    for (const auto& r : runs) v.push_back(r.value(key, 0.0));
    return median(v);
  };
  BaselineResult b;
  b.wall_s = med_of("wall_s");
  b.chunks_per_s = med_of("chunks_per_s");
  b.cpu_s_per_million = med_of("cpu_s_per_million");
  b.cpu_pct = med_of("cpu_pct");
  b.delay_p50_us = med_of("delay_p50_us");
  b.delay_p99_us = med_of("delay_p99_us");
  b.delay_max_us = med_of("delay_max_us");
  b.itl_err_p50_us = med_of("itl_err_p50_us");
  b.itl_err_p99_us = med_of("itl_err_p99_us");
  b.itl_err_max_us = med_of("itl_err_max_us");
  for (const auto& r : runs) b.failed += r.value("failed", 0);
  return b;
}

}  // namespace

std::optional<BaselineResult> baseline_ingest(const Settings& s, const Blaster& server, int streams,
                                              int tokens) {
  return run_baseline(s, server, "ingest", streams, tokens);
}

std::optional<BaselineResult> baseline_fidelity(const Settings& s, const Blaster& server,
                                                int streams, int tokens) {
  return run_baseline(s, server, "fidelity", streams, tokens);
}

}  // namespace sonde::bench
