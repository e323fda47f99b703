// Line charts with points, and CDF step lines (chart.hpp).
#include <algorithm>
#include <cmath>
#include <limits>

#include "chart/chart.hpp"
#include "chart/chart_frame.hpp"
#include "util/number_format.hpp"

namespace sonde::chart {

namespace {

using frame::Plot;
using frame::TickStyle;

bool usable(const Point& pt, const LineChart& c) {
  if (!std::isfinite(pt.x) || !std::isfinite(pt.y)) return false;
  if (c.x_log && pt.x <= 0) return false;
  if (c.y_log && pt.y <= 0) return false;
  return true;
}

struct Extent {
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0;
  double y0 = x0, y1 = -x0;
  bool empty() const { return x0 > x1; }
};

Extent extent_of(const LineChart& c) {
  Extent e;
  for (const LineSeries& s : c.series) {
    for (const Point& pt : s.points) {
      if (!usable(pt, c)) continue;
      e.x0 = std::min(e.x0, pt.x), e.x1 = std::max(e.x1, pt.x);
      e.y0 = std::min(e.y0, pt.y), e.y1 = std::max(e.y1, pt.y);
    }
  }
  for (const Mark& m : c.marks) {
    if (!usable(m.at, c)) continue;
    e.x0 = std::min(e.x0, m.at.x), e.x1 = std::max(e.x1, m.at.x);
    e.y0 = std::min(e.y0, m.at.y), e.y1 = std::max(e.y1, m.at.y);
  }
  for (const Guide& g : c.guides) {
    if (!std::isfinite(g.at) || (g.at <= 0 && (g.vertical ? c.x_log : c.y_log))) continue;
    if (g.vertical) {
      e.x0 = std::min(e.x0, g.at), e.x1 = std::max(e.x1, g.at);
    } else {
      e.y0 = std::min(e.y0, g.at), e.y1 = std::max(e.y1, g.at);
    }
  }
  if (e.x0 > e.x1) e.x0 = 1, e.x1 = 10;
  if (e.y0 > e.y1) e.y0 = 0, e.y1 = 1;
  return e;
}

svg::Ticks x_ticks(const LineChart& c, const Extent& e) {
  if (!c.x_ticks.empty()) {
    svg::Ticks t;
    t.values = c.x_ticks;
    std::sort(t.values.begin(), t.values.end());
    t.lo = std::min(t.values.front(), e.x0);
    t.hi = std::max(t.values.back(), e.x1);
    if (t.hi == t.lo) t.hi = t.lo + 1;
    t.decimals = 0;
    return t;
  }
  return c.x_log ? svg::log_ticks(e.x0, e.x1) : svg::nice_ticks(e.x0, e.x1);
}

svg::Ticks y_ticks(const LineChart& c, const Extent& e) {
  if (c.y_percent) return svg::nice_ticks(0, 1, 5);
  if (c.y_log) return svg::log_ticks(e.y0, e.y1);
  return svg::nice_ticks(c.y_from_zero ? std::min(0.0, e.y0) : e.y0, e.y1);
}

svg::Scale make_scale(bool log, const svg::Ticks& t, double r0, double r1) {
  return log ? svg::Scale::log(t.lo, t.hi, r0, r1) : svg::Scale::linear(t.lo, t.hi, r0, r1);
}

std::string point_title(const LineChart& c, const LineSeries& s, const Point& pt) {
  std::string y =
      c.y_percent ? frame::tick_text(pt.y, 0, TickStyle::percent) : value_text(pt.y, c.y_unit);
  std::string t = s.name.empty() ? "" : s.name + " · ";
  // Whole x values (concurrency levels, token counts) print as integers: "8", not "8.00".
  const bool whole = pt.x == std::round(pt.x) && std::fabs(pt.x) < 1e15;
  const std::string x = whole ? sonde::integer(static_cast<int64_t>(pt.x)) : sonde::autonum(pt.x);
  return t + (c.x_unit.empty() ? x : x + " " + c.x_unit) + " → " + y;
}

// The series' path: straight segments, or for a CDF horizontal-then-vertical steps rising
// from zero at the first point.
std::string path_of(const LineChart& c, const std::vector<Point>& pts, const svg::Scale& x,
                    const svg::Scale& y) {
  std::string d;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const std::string px = svg::coord(x(pts[i].x)), py = svg::coord(y(pts[i].y));
    if (!c.step) {
      d += (i == 0 ? "M" : "L") + px + " " + py;
    } else if (i == 0) {
      d += "M" + px + " " + svg::coord(y(0)) + "V" + py;
    } else {
      d += "H" + px + "V" + py;
    }
  }
  return d;
}

void draw_series(svg::Writer& w, const LineChart& c, std::size_t k, const svg::Scale& x,
                 const svg::Scale& y) {
  const LineSeries& s = c.series[k];
  std::vector<Point> pts;
  for (const Point& pt : s.points) {
    if (usable(pt, c)) pts.push_back(pt);
  }
  if (pts.empty()) return;
  const char* color = svg::series_color(k);
  w.open_group({{"class", "series"}});
  svg::Attrs line{{"d", path_of(c, pts, x, y)},
                  {"fill", "none"},
                  {"stroke", color},
                  {"stroke-width", c.step ? "2" : "2.5"}};
  if (*svg::series_dash(k)) line.emplace_back("stroke-dasharray", svg::series_dash(k));
  w.element("path", line);
  const std::string r = c.step ? "2.2" : "4";
  for (const Point& pt : pts) {
    w.element("circle",
              {{"cx", svg::coord(x(pt.x))}, {"cy", svg::coord(y(pt.y))}, {"r", r}, {"fill", color}},
              point_title(c, s, pt));
  }
  w.close_group();
}

// A guide: a dashed grey line across the plot, its label just inside the top (vertical) or the
// right end (horizontal).
void draw_guide(svg::Writer& w, const Guide& g, const Plot& p, const svg::Scale& x,
                const svg::Scale& y) {
  if (!std::isfinite(g.at)) return;
  const double at = g.vertical ? x(g.at) : y(g.at);
  if (!std::isfinite(at)) return;
  w.open_group({{"class", "guide"}});
  const std::string a = svg::coord(at);
  w.element("line",
            {{"x1", g.vertical ? a : svg::coord(p.left)},
             {"x2", g.vertical ? a : svg::coord(p.right)},
             {"y1", g.vertical ? svg::coord(p.top) : a},
             {"y2", g.vertical ? svg::coord(p.bottom) : a},
             {"stroke", "#555"},
             {"stroke-width", "1.5"},
             {"stroke-dasharray", "6 4"}},
            g.label);
  if (g.vertical) {
    w.text(at + 4, p.top + 12, g.label, {{"font-size", "11"}, {"fill", "#333"}});
  } else {
    w.text(p.right - 4, at - 4, g.label,
           {{"font-size", "11"}, {"fill", "#333"}, {"text-anchor", "end"}});
  }
  w.close_group();
}

// The scatter markers, in colour `k` (after the series'), each labelled.
void draw_marks(svg::Writer& w, const LineChart& c, std::size_t k, const svg::Scale& x,
                const svg::Scale& y) {
  w.open_group({{"class", "marks"}});
  const LineSeries named{c.marks_name, {}};
  for (const Mark& m : c.marks) {
    if (!usable(m.at, c)) continue;
    const double px = x(m.at.x), py = y(m.at.y);
    w.element("circle",
              {{"cx", svg::coord(px)},
               {"cy", svg::coord(py)},
               {"r", "5"},
               {"fill", "none"},
               {"stroke", svg::series_color(k)},
               {"stroke-width", "2"}},
              m.label + " · " + point_title(c, named, m.at));
    w.text(px + 7, py - 7, m.label, {{"font-size", "11"}, {"fill", "#333"}});
  }
  w.close_group();
}

}  // namespace

std::string render_lines(const LineChart& c) {
  svg::Writer w(kWidth, kHeight, c.title);
  std::vector<frame::LegendItem> legend;
  if (c.series.size() > 1) {
    for (std::size_t k = 0; k < c.series.size(); ++k) {
      legend.push_back({c.series[k].name, svg::series_color(k), svg::series_dash(k), true});
    }
  }
  if (!c.marks.empty() && !c.marks_name.empty()) {
    if (c.series.size() == 1)  // a lone series is named only beside the marks
      legend.insert(legend.begin(),
                    {c.series[0].name, svg::series_color(0), svg::series_dash(0), true});
    legend.push_back({c.marks_name, svg::series_color(c.series.size()), "", false});
  }
  Plot p = frame::draw_header(w, c.title, legend);
  const Extent e = extent_of(c);
  const svg::Ticks xt = x_ticks(c, e);
  const svg::Ticks yt = y_ticks(c, e);
  // Explicit ticks sit on data points: inset them so edge markers are not cut by the axes.
  const double inset = c.x_ticks.empty() ? 0 : 14;
  const svg::Scale x = make_scale(c.x_log, xt, p.left + inset, p.right - inset);
  const svg::Scale y = make_scale(c.y_log, yt, p.bottom, p.top);
  frame::draw_y_axis(w, p, y, yt,
                     c.y_percent ? TickStyle::percent
                     : c.y_log   ? TickStyle::log
                                 : TickStyle::linear,
                     c.y_label);
  frame::draw_x_axis(w, p, x, xt, c.x_log ? TickStyle::log : TickStyle::linear, c.x_label);
  if (!c.marks.empty()) draw_marks(w, c, c.series.size(), x, y);
  for (std::size_t k = 0; k < c.series.size(); ++k) draw_series(w, c, k, x, y);
  for (const Guide& g : c.guides) draw_guide(w, g, p, x, y);
  return w.finish();
}

}  // namespace sonde::chart
