#include "chart/chart_frame.hpp"

#include "util/number_format.hpp"

namespace sonde::chart::frame {

namespace {

constexpr double kMarginLeft = 72;    // room for y tick labels and the rotated y label
constexpr double kMarginRight = 34;   // half of a right-edge tick label such as "10,000"
constexpr double kMarginBottom = 54;  // x tick labels and the x label
constexpr const char* kAxisColor = "#444444";
constexpr const char* kGridColor = "#dddddd";

std::string px(double v) { return svg::coord(v); }

}  // namespace

Plot draw_header(svg::Writer& w, const std::string& title, const std::vector<LegendItem>& legend) {
  w.text(kMarginLeft, 22, title,
         {{"font-size", px(kTitleFont)}, {"font-weight", "bold"}, {"fill", "#222222"}});
  double y = 46;
  double x = kMarginLeft;
  const double max_x = w.width() - kMarginRight;
  for (const LegendItem& item : legend) {
    const double width = 26 + svg::approx_text_width(item.name, kLabelFont) + 18;
    if (x + width > max_x && x > kMarginLeft) {
      x = kMarginLeft;
      y += 20;
    }
    w.open_group({{"class", "legend"}});
    if (item.line) {
      svg::Attrs line{{"x1", px(x)},     {"y1", px(y - 4)},      {"x2", px(x + 20)},
                      {"y2", px(y - 4)}, {"stroke", item.color}, {"stroke-width", "2.5"}};
      if (*item.dash) line.emplace_back("stroke-dasharray", item.dash);
      w.element("line", line);
      w.element("circle", {{"cx", px(x + 10)}, {"cy", px(y - 4)}, {"r", "3"}, {"fill", item.color}});
    } else {
      w.element("rect", {{"x", px(x + 4)},
                         {"y", px(y - 10)},
                         {"width", "12"},
                         {"height", "12"},
                         {"fill", item.color}});
    }
    w.text(x + 26, y, item.name, {{"font-size", px(kLabelFont)}, {"fill", "#222222"}});
    w.close_group();
    x += width;
  }
  Plot p;
  p.left = kMarginLeft;
  p.right = w.width() - kMarginRight;
  p.top = y + 16;  // the legend row is kept even when empty, so paired panels line up
  p.bottom = w.height() - kMarginBottom;
  return p;
}

std::string tick_text(double v, int decimals, TickStyle style) {
  switch (style) {
    case TickStyle::percent:
      return sonde::number(v * 100, 0) + "%";
    case TickStyle::log:
      return sonde::trimmed(v, decimals);
    case TickStyle::linear:
      break;
  }
  return sonde::number(v, decimals);
}

void draw_y_axis(svg::Writer& w, const Plot& p, const svg::Scale& y, const svg::Ticks& t,
                 TickStyle style, const std::string& label) {
  w.open_group({{"class", "axis y"}, {"font-size", px(kTickFont)}, {"fill", kAxisColor}});
  for (double v : t.values) {
    const double py = y(v);
    w.element("line", {{"x1", px(p.left)},
                       {"y1", px(py)},
                       {"x2", px(p.right)},
                       {"y2", px(py)},
                       {"stroke", kGridColor},
                       {"stroke-width", "1"}});
    w.text(p.left - 6, py + 4, tick_text(v, t.decimals, style), {{"text-anchor", "end"}});
  }
  w.element("line", {{"x1", px(p.left)},
                     {"y1", px(p.top)},
                     {"x2", px(p.left)},
                     {"y2", px(p.bottom)},
                     {"stroke", kAxisColor},
                     {"stroke-width", "1"}});
  const double mid = (p.top + p.bottom) / 2;
  w.text(16, mid, label,
         {{"text-anchor", "middle"},
          {"font-size", px(kLabelFont)},
          {"transform", "rotate(-90 16 " + px(mid) + ")"}});
  w.close_group();
}

void draw_x_baseline(svg::Writer& w, const Plot& p, const std::string& label) {
  w.element("line", {{"x1", px(p.left)},
                     {"y1", px(p.bottom)},
                     {"x2", px(p.right)},
                     {"y2", px(p.bottom)},
                     {"stroke", kAxisColor},
                     {"stroke-width", "1"}});
  if (label.empty()) return;
  w.text((p.left + p.right) / 2, p.bottom + 44, label,
         {{"text-anchor", "middle"}, {"font-size", px(kLabelFont)}, {"fill", kAxisColor}});
}

void draw_x_axis(svg::Writer& w, const Plot& p, const svg::Scale& x, const svg::Ticks& t,
                 TickStyle style, const std::string& label) {
  w.open_group({{"class", "axis x"}, {"font-size", px(kTickFont)}, {"fill", kAxisColor}});
  for (double v : t.values) {
    const double px_ = x(v);
    w.element("line", {{"x1", px(px_)},
                       {"y1", px(p.bottom)},
                       {"x2", px(px_)},
                       {"y2", px(p.bottom + 5)},
                       {"stroke", kAxisColor},
                       {"stroke-width", "1"}});
    w.text(px_, p.bottom + 19, tick_text(v, t.decimals, style), {{"text-anchor", "middle"}});
  }
  draw_x_baseline(w, p, label);
  w.close_group();
}

}  // namespace sonde::chart::frame
