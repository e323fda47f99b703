#pragma once
// The sweep report's sentences, one catalogue per language.
#include "report/lang.hpp"

namespace sonde {

struct SweepMessages {
  const char* title;
  const char* simulated;            // {} = speed-up
  const char* meta;                 // file, started, finished, points
  const char* incomplete;           // {} = reason
  const char* points_heading;
  const char* points_header;        // table header row
  const char* failures_heading;
  const char* results_heading;
  const char* results_header;
  const char* chunked_heading;
  const char* chunked_header;
  const char* chunked_missing;
  const char* chunked_note;         // how ON/OFF values and the speed-up mark are formed
  const char* axis_heading;         // {} = flag
  const char* axis_metric_heading;  // {metric}
  const char* axis_header_first;    // "Scenario | Input length" columns
  const char* axis_delta;           // {value} {first}: header of a change column
  const char* spread_note;          // how cells and marks are formed
  const char* no_repeats_note;      // the sweep has no repeats: spread unknown
  const char* within_spread;        // mark of a difference within the spread, e.g. "≈"
  const char* conclusions_heading;
  const char* concl_none;           // no findings at all
  // Metric labels with units (tables and chart axes).
  const char* metric_ttft_mean;
  const char* metric_ttft_p99;
  const char* metric_tpot_mean;
  const char* metric_itl_p99;
  const char* metric_e2e_mean;
  const char* metric_output_tput;
  // report.html
  const char* html_contents;
  const char* chart_axis_title;     // {metric} {flag}
  const char* chart_axis_caption;   // {flag}
  const char* chart_chunked_title;  // {metric}
  const char* chart_chunked_caption;
  const char* chart_heatmap_title;  // {metric} {scenario}
  const char* chart_heatmap_caption;  // {x} {y}
  const char* axis_input_len;       // x axis: input length (tokens)
  const char* cat_tokens;           // {n}: category label of an input length
  const char* on;
  const char* off;
};

const SweepMessages& sweep_messages(Lang lang);

}  // namespace sonde
