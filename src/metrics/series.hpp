#pragma once
// Internal to the metrics module: pulling one metric's series out of a page and subtracting
// two snapshots series by series, so that a reset is seen per label set rather than hidden in a
// sum (one engine restarting among several must still be caught).
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "metrics/histogram.hpp"
#include "metrics/prometheus.hpp"

namespace sonde::metrics_detail {

// Which label sets count: those whose model_name matches, or all.
struct SeriesFilter {
  std::optional<std::string> model_name;  // nullopt: every label set
  bool accepts(const MetricLabels& labels) const;
};

// Delta of a counter over the scenario.
struct CounterDelta {
  bool present = false;                    // the after-page has at least one accepted series
  bool reset = false;                      // some series went backwards or disappeared
  double total = 0;                        // summed delta
  std::map<std::string, double> by_group;  // summed delta per value of the group label
};

// Delta of counter `name`; when `group_label` is non-empty, also per value of that label.
CounterDelta counter_delta(const MetricsPage& before, const MetricsPage& after, std::string_view name,
                           const SeriesFilter& filter, std::string_view group_label = {});

// Delta of histogram `base` (reading base_bucket/_sum/_count), summed over accepted series.
struct HistogramDeltaResult {
  bool present = false;       // the after-page has the histogram
  bool reset = false;         // some series went backwards
  CumulativeHistogram delta;  // summed delta, buckets ascending
};
HistogramDeltaResult histogram_delta(const MetricsPage& before, const MetricsPage& after,
                                     std::string_view base, const SeriesFilter& filter);

// A float count as an integer; nullopt when NaN, infinite or beyond int64.
std::optional<std::int64_t> to_count(double v);

}  // namespace sonde::metrics_detail
