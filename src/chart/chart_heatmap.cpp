// Heatmap of one metric over two sweep axes (chart.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "chart/chart.hpp"
#include "chart/chart_frame.hpp"

namespace sonde::chart {

namespace {

// Light blue-grey to dark blue: stays ordered in greyscale print.
std::string shade(double f) {
  f = std::clamp(f, 0.0, 1.0);
  const int r = static_cast<int>(std::lround(239 + (8 - 239) * f));
  const int g = static_cast<int>(std::lround(243 + (48 - 243) * f));
  const int b = static_cast<int>(std::lround(255 + (107 - 255) * f));
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, b);
  return buf;
}

double cell(const Heatmap& c, std::size_t yi, std::size_t xi) {
  if (yi >= c.values.size() || xi >= c.values[yi].size()) return std::nan("");
  return c.values[yi][xi];
}

}  // namespace

std::string render_heatmap(const Heatmap& c) {
  svg::Writer w(kWidth, kHeight, c.title);
  frame::Plot p = frame::draw_header(w, c.title, {});
  p.left += 30;  // y categories are words, not numbers
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& row : c.values) {
    for (double v : row) {
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
  }
  const std::size_t nx = std::max<std::size_t>(c.x_categories.size(), 1);
  const std::size_t ny = std::max<std::size_t>(c.y_categories.size(), 1);
  const double cw = (p.right - p.left) / double(nx), ch = (p.bottom - p.top) / double(ny);
  w.open_group({{"class", "series"}, {"font-size", "12"}});
  for (std::size_t yi = 0; yi < c.y_categories.size(); ++yi) {
    for (std::size_t xi = 0; xi < c.x_categories.size(); ++xi) {
      const double v = cell(c, yi, xi);
      const double x = p.left + xi * cw, y = p.top + (ny - 1 - yi) * ch;  // first row at bottom
      const std::string where =
          c.x_label + " " + c.x_categories[xi] + ", " + c.y_label + " " + c.y_categories[yi] + ": ";
      double f = hi > lo ? (v - lo) / (hi - lo) : 1.0;
      if (!c.higher_is_better) f = 1 - f;
      const std::string fill = std::isfinite(v) ? shade(f) : "#ffffff";
      w.element("rect",
                {{"x", svg::coord(x + 1)},
                 {"y", svg::coord(y + 1)},
                 {"width", svg::coord(cw - 2)},
                 {"height", svg::coord(ch - 2)},
                 {"fill", fill},
                 {"stroke", "#cccccc"}},
                where + (std::isfinite(v) ? value_text(v, c.unit) : "—"));
      w.text(x + cw / 2, y + ch / 2 + 4, std::isfinite(v) ? value_text(v, "") : "—",
             {{"text-anchor", "middle"},
              {"fill", f > 0.55 && std::isfinite(v) ? "#ffffff" : "#222222"}});
    }
  }
  w.close_group();
  w.open_group({{"class", "axis"}, {"font-size", "12"}, {"fill", "#444444"}});
  for (std::size_t xi = 0; xi < c.x_categories.size(); ++xi) {
    w.text(p.left + (xi + 0.5) * cw, p.bottom + 19, c.x_categories[xi], {{"text-anchor", "middle"}});
  }
  for (std::size_t yi = 0; yi < c.y_categories.size(); ++yi) {
    w.text(p.left - 6, p.top + (ny - 1 - yi + 0.5) * ch + 4, c.y_categories[yi],
           {{"text-anchor", "end"}});
  }
  w.text((p.left + p.right) / 2, p.bottom + 44, c.x_label,
         {{"text-anchor", "middle"}, {"font-size", "13"}});
  const double mid = (p.top + p.bottom) / 2;
  w.text(16, mid, c.y_label,
         {{"text-anchor", "middle"},
          {"font-size", "13"},
          {"transform", "rotate(-90 16 " + svg::coord(mid) + ")"}});
  w.close_group();
  return w.finish();
}

}  // namespace sonde::chart
