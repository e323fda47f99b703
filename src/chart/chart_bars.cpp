// Grouped and stacked bar charts (chart.hpp).
#include <algorithm>
#include <cmath>

#include "chart/chart.hpp"
#include "chart/chart_frame.hpp"
#include "util/number_format.hpp"

namespace sonde::chart {

std::string value_text(double v, const std::string& unit) {
  const std::string n = sonde::autonum(v);
  return unit.empty() ? n : n + " " + unit;
}

namespace {

using frame::Plot;

double value_at(const BarSeries& s, std::size_t i) {
  return i < s.values.size() ? s.values[i] : std::nan("");
}

// Largest bar (or stack) height, so the value axis covers every bar.
double max_extent(const BarChart& c) {
  double top = 0;
  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    double sum = 0;
    for (const BarSeries& s : c.series) {
      const double v = value_at(s, i);
      if (!std::isfinite(v) || v < 0) continue;
      sum = c.stacked ? sum + v : std::max(sum, v);
    }
    top = std::max(top, sum);
  }
  return top > 0 ? top : 1;
}

std::string bar_title(const BarChart& c, const BarSeries& s, std::size_t i, double v) {
  std::string t = c.categories[i] + " · ";
  if (!s.name.empty()) t += s.name + ": ";
  return t + value_text(v, c.unit);
}

void bar(svg::Writer& w, double x, double width, double y0, double y1, const char* color,
         const std::string& title) {
  w.element("rect",
            {{"x", svg::coord(x)},
             {"y", svg::coord(std::min(y0, y1))},
             {"width", svg::coord(width)},
             {"height", svg::coord(std::fabs(y0 - y1))},
             {"fill", color}},
            title);
}

void draw_stacks(svg::Writer& w, const BarChart& c, const Plot& p, const svg::Scale& y) {
  const double band = (p.right - p.left) / double(c.categories.size());
  const double width = std::min(band * 0.55, 90.0);
  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    const double x = p.left + i * band + (band - width) / 2;
    double acc = 0;
    bool any = false;
    for (std::size_t k = 0; k < c.series.size(); ++k) {
      const double v = value_at(c.series[k], i);
      if (!std::isfinite(v) || v < 0) continue;
      bar(w, x, width, y(acc), y(acc + v), svg::series_color(k), bar_title(c, c.series[k], i, v));
      acc += v;
      any = true;
    }
    if (any) {
      w.text(x + width / 2, y(acc) - 5, value_text(acc, c.unit),
             {{"text-anchor", "middle"}, {"font-size", "12"}, {"fill", "#222222"}});
    }
  }
}

void draw_groups(svg::Writer& w, const BarChart& c, const Plot& p, const svg::Scale& y) {
  const double band = (p.right - p.left) / double(c.categories.size());
  const double inner = band * 0.8;
  const double width = std::min(inner / double(std::max<std::size_t>(c.series.size(), 1)), 60.0);
  const double offset = (band - width * double(c.series.size())) / 2;
  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    for (std::size_t k = 0; k < c.series.size(); ++k) {
      const double v = value_at(c.series[k], i);
      if (!std::isfinite(v)) continue;
      const double x = p.left + i * band + offset + k * width;
      bar(w, x + 0.5, width - 1, y(0), y(std::max(v, 0.0)), svg::series_color(k),
          bar_title(c, c.series[k], i, v));
    }
  }
}

}  // namespace

std::string render_bars(const BarChart& c) {
  svg::Writer w(kWidth, kHeight, c.title);
  std::vector<frame::LegendItem> legend;
  if (c.series.size() > 1) {
    for (std::size_t k = 0; k < c.series.size(); ++k) {
      legend.push_back({c.series[k].name, svg::series_color(k), "", false});
    }
  }
  Plot p = frame::draw_header(w, c.title, legend);
  const svg::Ticks t = svg::nice_ticks(0, max_extent(c));
  const svg::Scale y = svg::Scale::linear(t.lo, t.hi, p.bottom, p.top);
  frame::draw_y_axis(w, p, y, t, frame::TickStyle::linear, c.y_label);
  if (!c.categories.empty()) {
    w.open_group({{"class", "series"}});
    if (c.stacked)
      draw_stacks(w, c, p, y);
    else
      draw_groups(w, c, p, y);
    w.close_group();
  }
  w.open_group({{"class", "axis x"}, {"font-size", "12"}, {"fill", "#444444"}});
  const double band = (p.right - p.left) / double(std::max<std::size_t>(c.categories.size(), 1));
  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    w.text(p.left + (i + 0.5) * band, p.bottom + 19, c.categories[i], {{"text-anchor", "middle"}});
  }
  frame::draw_x_baseline(w, p, c.x_label);
  w.close_group();
  return w.finish();
}

}  // namespace sonde::chart
