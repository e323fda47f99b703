#pragma once
// Prometheus text exposition format 0.0.4 (what vLLM's /metrics and DCGM exporters serve),
// parsed into plain samples. One pass over the text, no regex: a 1 MB page parses in
// milliseconds. Lenient by design: a line that does not parse is skipped and counted, never
// fatal, because a scraper must keep working when a server adds something unexpected.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sonde {

// Label set of one sample, sorted by label name so that equal sets compare equal.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

// One sample line: `name{labels} value [timestamp]`.
struct MetricSample {
  std::string name;                          // full sample name, suffix included (`x_bucket`)
  MetricLabels labels;                       // unescaped, sorted by name
  double value = 0;                          // NaN, +Inf and -Inf are legal values
  std::optional<std::int64_t> timestamp_ms;  // optional trailing timestamp, ms since the epoch
};

enum class MetricType { untyped, counter, gauge, histogram, summary };

// What `# TYPE` and `# HELP` lines said about one metric family.
struct MetricFamily {
  MetricType type = MetricType::untyped;  // untyped when only HELP was given
  std::string help;                       // unescaped HELP text; empty when absent
};

// One parsed page.
struct MetricsPage {
  std::vector<MetricSample> samples;                       // in page order
  std::unordered_map<std::string, MetricFamily> families;  // keyed by the name in TYPE/HELP
  std::size_t skipped_lines = 0;       // lines that were neither samples nor comments (garbage)
  std::size_t first_skipped_line = 0;  // 1-based line number of the first skipped line; 0 = none

  // Indices into `samples` of every sample with exactly this name (empty when none).
  const std::vector<std::size_t>& indices(std::string_view name) const;
  // True when at least one sample has this name.
  bool has(std::string_view name) const { return !indices(name).empty(); }
  // The family a sample name belongs to: the exact name, or the name less a histogram/summary/
  // counter suffix (_bucket, _sum, _count, _total, _created) whose base has a TYPE or HELP.
  const MetricFamily* family_of(std::string_view sample_name) const;

  // Built by parse_prometheus_text; name → sample indices.
  std::unordered_map<std::string, std::vector<std::size_t>> by_name;
};

// Parses a whole page. Never throws on content; blank lines, CRLF, comments, `{}`, trailing
// commas in label sets and escaped label values (\\ \" \n) are accepted.
MetricsPage parse_prometheus_text(std::string_view text);

// The value of label `name`, or nullopt when the sample does not carry it.
std::optional<std::string_view> label_value(const MetricLabels& labels, std::string_view name);

// Parses a sample value as Prometheus writes it: a float, `NaN`, `+Inf`, `-Inf` (or `Inf`).
std::optional<double> parse_metric_value(std::string_view text);

}  // namespace sonde
