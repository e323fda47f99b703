#pragma once
// The sweep report's sentences, one catalogue per language (sweep_messages_ko.cpp,
// sweep_messages_en.cpp). Each field's type declares its named placeholders, checked in both
// languages at compile time (see util/message.hpp).
#include "report/lang.hpp"
#include "util/message.hpp"

namespace sonde {

struct SweepMessages {
  Text title;
  Message<"speed"> simulated;  // the figures are the simulator's ({speed}: its speed-up)
  Message<"file"> predicted;   // `sonde sweep --predict`: every point is a prediction from {file}
  Message<"file", "started", "finished", "points"> meta;  // sweep file, start and end times, point count
  Message<"reason"> incomplete;                           // the sweep did not finish
  Text points_heading;
  Text points_header;  // table header row
  Text failures_heading;
  Text results_heading;
  Text results_header;
  Text chunked_heading;
  Text chunked_header;
  Text chunked_missing;
  Text chunked_note;             // how ON/OFF values and the speed-up mark are formed
  Message<"flag"> axis_heading;  // heading of one swept flag's section
  Message<"metric"> axis_metric_heading;
  Text axis_header_first;                // "Scenario | Input length" columns
  Message<"value", "first"> axis_delta;  // header of a change column
  Text spread_note;                      // how cells and marks are formed
  Text no_repeats_note;                  // the sweep has no repeats: spread unknown
  Text within_spread;                    // mark of a difference within the spread, e.g. "≈"
  Text conclusions_heading;
  Text concl_none;  // no findings at all
  // Metric labels with units (tables and chart axes).
  Text metric_ttft_mean;
  Text metric_ttft_p99;
  Text metric_tpot_mean;
  Text metric_itl_p99;
  Text metric_e2e_mean;
  Text metric_output_tput;
  // report.html
  Text html_contents;
  Message<"metric", "flag"> chart_axis_title;
  Message<"flag"> chart_axis_caption;
  Message<"metric"> chart_chunked_title;
  Text chart_chunked_caption;
  Message<"metric", "scenario"> chart_heatmap_title;
  Message<"x", "y"> chart_heatmap_caption;
  Text axis_input_len;      // x axis: input length (tokens)
  Message<"n"> cat_tokens;  // category label of an input length
  Text on;
  Text off;
  // The capacity section (a sweep with a `capacity:` block)
  Text cap_heading;
  Message<"target", "slos"> cap_intro;  // what capacity, per GPU and per user mean here
  Text cap_header;                      // table header row
  Text cap_frontier;                    // mark of a point on the Pareto frontier
  Text cap_recommended;                 // note of the recommended point
  Text cap_runner_up;                   // note of the runner-up
  Text cap_off_frontier;                // note of a point another point dominates
  Text cap_at_max;                      // note: the highest load allowed met the SLOs
  Message<"pct"> cap_lowest_fails;      // no load met the SLOs; the lowest probe's attainment
  Text cap_aborted;                     // the search stopped before an answer
  Text cap_not_measured;                // the point never reached its search (failed first)
  Text chart_pareto_title;
  Text chart_pareto_caption;
  Text axis_tokens_per_user;
  Text axis_tokens_per_gpu;
  Text series_points;
  Text series_frontier;
};

const SweepMessages& sweep_messages(Lang lang);

}  // namespace sonde
