#pragma once
// Chart builders over the SVG writer: bars (grouped or stacked), lines with points, CDF steps
// and heatmaps. Each takes plain data with its labels already translated and returns one <svg>
// element; every drawn data point carries a <title> with its value, shown on hover.
#include <cstdint>
#include <string>
#include <vector>

namespace sonde::chart {

// Size of every chart's viewBox (user units); the page scales it to the column width.
inline constexpr double kWidth = 640;
inline constexpr double kHeight = 360;

struct BarSeries {
  std::string name;            // legend entry
  std::vector<double> values;  // one per category; NaN = not measured (no bar)
};

struct BarChart {
  std::string title;                    // drawn above the plot
  std::string x_label;                  // category axis label (may be empty)
  std::string y_label;                  // value axis label with its unit, e.g. "Latency (s)"
  std::string unit;                     // unit appended to hover values, e.g. "s"
  std::vector<std::string> categories;  // one group (or stack) per category, left to right
  std::vector<BarSeries> series;        // drawn side by side, or stacked bottom-up
  bool stacked = false;                 // stack the series; the total is printed on top
};

struct Point {
  double x = 0;  // data units
  double y = 0;  // data units
};

struct LineSeries {
  std::string name;           // legend entry
  std::vector<Point> points;  // drawn in the given order; non-finite points are skipped
};

// A reference line across a line chart: an objective (horizontal, at a y value) or an answer
// (vertical, at an x value), dashed grey, its label beside it. The axes widen to show it.
struct Guide {
  bool vertical = false;  // true: the line x = at; false: y = at
  double at = 0;          // data units
  std::string label;      // drawn at the line's end, e.g. "SLO 500 ms"
};

// A labelled marker without a line: one point of a scatter (a sweep point on a Pareto chart).
struct Mark {
  Point at;           // data units
  std::string label;  // drawn beside the marker and first in its hover title
};

struct LineChart {
  std::string title;    // drawn above the plot
  std::string x_label;  // with unit
  std::string y_label;  // with unit
  std::string x_unit;   // appended to hover values ("" for none)
  std::string y_unit;   // appended to hover values
  std::vector<LineSeries> series;
  bool x_log = false;           // log10 x axis (data must be > 0)
  bool y_log = false;           // log10 y axis (data must be > 0)
  bool y_from_zero = true;      // linear y axis starts at 0 (honest bars/lines)
  bool step = false;            // CDF: step after each point, hover marks but no dots
  std::vector<double> x_ticks;  // explicit x ticks (e.g. the concurrency levels); empty = auto
  bool y_percent = false;       // y in [0, 1], labelled as percent
  std::vector<Guide> guides;    // reference lines, drawn over the series
  std::vector<Mark> marks;      // scatter markers, drawn under the series in the next colour
  std::string marks_name;       // their legend entry ("" = none)
};

// Counts of one or more samples over the same integer bins, drawn as grouped bars labelled by
// their ranges ("100–199"; a bin of width 1 by its value).
struct Histogram {
  std::string title;              // drawn above the plot
  std::string x_label;            // what was binned, with its unit, e.g. "Tokens"
  std::string y_label;            // e.g. "Requests"
  std::vector<int64_t> edges;     // bin i is [edges[i], edges[i + 1]); ascending
  std::vector<BarSeries> series;  // values: one count per bin
};

struct Heatmap {
  std::string title;    // drawn above the plot
  std::string x_label;  // first sweep axis
  std::string y_label;  // second sweep axis
  std::string unit;     // unit of the cell values
  std::vector<std::string> x_categories;
  std::vector<std::string> y_categories;
  std::vector<std::vector<double>> values;  // values[y][x]; NaN = not measured (hatched)
  bool higher_is_better = true;             // darker = better either way
};

std::string render_bars(const BarChart& chart);
std::string render_lines(const LineChart& chart);
std::string render_heatmap(const Heatmap& chart);
std::string render_histogram(const Histogram& chart);

// A hover/tick number: thousands separators, precision by magnitude, then the unit.
std::string value_text(double v, const std::string& unit);

}  // namespace sonde::chart
