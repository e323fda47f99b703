// libFuzzer target: the Prometheus text parser and the vLLM snapshot diff on arbitrary bytes.
// The input is split at its first NUL byte into a "before" and an "after" page (no NUL: the
// page is diffed against an empty one), so the fuzzer explores counter resets, vanished
// series and mismatched histograms as well as the parser. Invariants that must hold for any
// input abort the run when broken.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include <nlohmann/json.hpp>

#include "metrics/histogram.hpp"
#include "metrics/prometheus.hpp"
#include "metrics/vllm_metrics.hpp"
#include "results/server_metrics.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();  // libFuzzer reports an abort as a crash with the input saved
}

void check_page(const sonde::MetricsPage& page) {
  std::size_t indexed = 0;
  for (const auto& [name, idx] : page.by_name) {
    indexed += idx.size();
    for (std::size_t i : idx) check(i < page.samples.size() && page.samples[i].name == name);
  }
  check(indexed == page.samples.size());
  for (const auto& s : page.samples) {
    check(!s.name.empty());
    for (std::size_t i = 1; i < s.labels.size(); ++i) {
      check(s.labels[i - 1].first < s.labels[i].first);  // sorted, no duplicates
    }
    (void)page.family_of(s.name);
  }
}

void check_counts(const sonde::ServerMetricsDelta& d) {
  for (const auto* h : {&d.queue_ms, &d.prefill_ms, &d.decode_ms, &d.inference_ms, &d.ttft_ms,
                        &d.itl_ms, &d.e2el_ms}) {
    check(h->count >= 0);
  }
}

// One unfiltered and one model-filtered diff; the JSON round trip (the costly part under ASan)
// runs on the filtered one only, which carries the gauges too.
void diff(const sonde::MetricsPage& before, const sonde::MetricsPage& after) {
  check_counts(sonde::diff_server_metrics(before, after));
  sonde::ServerMetricsDelta d = sonde::diff_server_metrics(before, after, std::string("m"));
  check_counts(d);
  sonde::GaugeTracker tracker(std::string("m"));
  tracker.add(before);
  tracker.add(after);
  tracker.fill(d);
  // JSON round trip is lossless, and dump() never throws (it would on invalid UTF-8).
  nlohmann::json j = d;
  nlohmann::json again = j.get<sonde::ServerMetricsDelta>();
  check(again == j);
  (void)j.dump();
  (void)sonde::cache_config_info(after);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t nul = text.find('\0');
  if (nul == std::string_view::npos) {
    sonde::MetricsPage page = sonde::parse_prometheus_text(text);
    check_page(page);
    diff(sonde::MetricsPage{}, page);  // everything appears: deltas are the page's values
    return 0;
  }
  sonde::MetricsPage before = sonde::parse_prometheus_text(text.substr(0, nul));
  sonde::MetricsPage after = sonde::parse_prometheus_text(text.substr(nul + 1));
  check_page(before);
  check_page(after);
  diff(before, after);
  return 0;
}
