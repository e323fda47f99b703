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
  const char* chunked_note;         // how ON/OFF values are formed
  const char* axis_heading;         // {} = flag
  const char* axis_header_first;    // first column header
  const char* spread_note;
  const char* conclusions_heading;
  const char* concl_chunked_ttft;   // {scenario} {on} {off} {pct} {word}
  const char* concl_chunked_itl;    // {scenario} {on} {off}
  const char* concl_axis;           // {flag} {metric} {best} {value}
  const char* lower;
  const char* higher;
  const char* not_recorded;
  const char* none;
};

const SweepMessages& sweep_messages(Lang lang);

}  // namespace sonde
