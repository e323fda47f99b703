#pragma once
// Internal to the chart builders: the shared frame of every chart (title, legend, axes, grid).
#include <string>
#include <vector>

#include "chart/svg.hpp"

namespace sonde::chart::frame {

inline constexpr double kTickFont = 13;   // px, tick labels
inline constexpr double kLabelFont = 14;  // px, axis labels and legend
inline constexpr double kTitleFont = 16;  // px, chart title

// The plot area in viewBox pixels.
struct Plot {
  double left = 0;    // x of the y axis
  double top = 0;     // y of the plot's top edge
  double right = 0;   // x of the right edge
  double bottom = 0;  // y of the x axis
};

struct LegendItem {
  std::string name;   // series name
  const char* color;  // fill/stroke colour
  const char* dash;   // stroke dash ("" solid); used when `line`
  bool line = false;  // a line with a dot (line charts) rather than a filled square
};

// Writes the title and, wrapped into rows, the legend; returns the plot area below them.
Plot draw_header(svg::Writer& w, const std::string& title, const std::vector<LegendItem>& legend);

// How ticks print: a linear axis uses the step's decimals; a log axis trims zeros; a
// percent axis shows 0–100 %.
enum class TickStyle { linear, log, percent };
std::string tick_text(double v, int decimals, TickStyle style);

// Gridlines, tick labels and the rotated label of the y axis.
void draw_y_axis(svg::Writer& w, const Plot& p, const svg::Scale& y, const svg::Ticks& t,
                 TickStyle style, const std::string& label);

// Tick marks, labels and the label of a numeric x axis.
void draw_x_axis(svg::Writer& w, const Plot& p, const svg::Scale& x, const svg::Ticks& t,
                 TickStyle style, const std::string& label);

// The x axis line and its label alone (category axes draw their own tick labels).
void draw_x_baseline(svg::Writer& w, const Plot& p, const std::string& label);

}  // namespace sonde::chart::frame
