#pragma once
// The report's charts, built from a RunResult (and, where a distribution is drawn, from the
// per-request records). Each function returns the figures of one section, in order; an empty
// vector when the run has nothing to draw there.
#include <cstdint>
#include <string>
#include <vector>

#include "chart/chart.hpp"
#include "report/document.hpp"
#include "report/messages.hpp"
#include "report/telemetry_series.hpp"
#include "report/traffic_messages.hpp"
#include "results/record.hpp"
#include "results/run_result.hpp"

namespace sonde::report {

// One chart, or two shown side by side under one caption.
using Figure = doc::Figure;

// Section 2: latency breakdown (stacked TTFT + decode), TTFT and TPOT vs input length, and the
// TTFT CDF of the input-length scenarios when `records` is given.
std::vector<Figure> input_length_figures(const RunResult& run,
                                         const std::vector<RequestRecord>* records,
                                         const Messages& m);

// Section 3: output throughput and E2E latency vs concurrency (burst/closed scenarios), and
// the TTFT CDF of every concurrency scenario when `records` is given.
std::vector<Figure> concurrency_figures(const RunResult& run,
                                        const std::vector<RequestRecord>* records, const Messages& m);

// Section 3: TTFT (p50, p90, p99) by turn of each conversation scenario (one p50 line per
// scenario when there are several); nothing when the run has none.
std::vector<Figure> conversation_figures(const RunResult& run, const Messages& m);

// TTFT CDF, one line per named scenario, from the ok records (at most 200 points per line).
std::string ttft_cdf_chart(const std::vector<std::string>& scenarios,
                           const std::vector<RequestRecord>& records, const std::string& title,
                           const Messages& m);

// GPU memory used (GiB) and KV-cache usage (0..1) over time, x = seconds since the run
// started, one series per GPU / server. Fed by telemetry_figures.
std::vector<Figure> memory_figures(const std::vector<chart::LineSeries>& gpu_memory_gib,
                                   const std::vector<chart::LineSeries>& kv_cache_usage,
                                   const Messages& m);

// GPU power draw (W) over time, x = seconds since the run started, one series per GPU.
std::vector<Figure> power_figures(const std::vector<chart::LineSeries>& gpu_power_w,
                                  const Messages& m);

// memory_figures and power_figures from telemetry.jsonl: one line per GPU, one for the KV cache, each thinned to
// at most ~300 points (every bucket keeps its lowest and highest reading, so peaks survive).
std::vector<Figure> telemetry_figures(const TelemetrySeries& series, const Messages& m);

// The capacity search's two charts against load, with the target, the SLOs and the answer as
// dashed guides: steady-state attainment (file capacity-attainment.svg) and TTFT / TPOT p90
// (file capacity-latency.svg). Empty without probes.
std::vector<Figure> capacity_figures(const CapacityResult& capacity, const Messages& m);

// The traffic-sources section's charts of one scenario that read a source, from its own
// `records` (report/charts_traffic.cpp): input and output length histograms (asked for vs
// counted); for traces, arrivals, throughput and latency over time; when requests reported
// cached_tokens, the TTFT distributions with and without prefix-cache hits.
std::vector<Figure> traffic_figures(const ScenarioResult& scenario,
                                    const std::vector<RequestRecord>& records,
                                    const TrafficMessages& t);

// Cumulative-share step lines of named samples (at most 200 points each); "" when all are empty.
std::string cdf_chart(const std::vector<std::pair<std::string, std::vector<double>>>& samples,
                      const std::string& title, const std::string& x_label,
                      const std::string& y_label);

// One input length of a chunked-prefill ON/OFF comparison.
struct ChunkedPrefillPoint {
  int64_t input_len = 0;     // target input tokens
  double on_latency_s = 0;   // mean E2E latency with chunked prefill on, s (NaN: not measured)
  double off_latency_s = 0;  // same with it off, s (NaN: not measured)
};

// Hook for the sweep (not yet called): grouped ON/OFF bars per input length.
std::vector<Figure> chunked_prefill_figures(const std::vector<ChunkedPrefillPoint>& points,
                                            const Messages& m);

}  // namespace sonde::report
