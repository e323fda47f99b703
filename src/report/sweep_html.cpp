#include "report/sweep_html.hpp"

#include <fmt/args.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "chart/chart.hpp"
#include "report/document.hpp"
#include "report/sweep_markdown.hpp"
#include "report/sweep_messages.hpp"

namespace sonde {
namespace {

using Figure = report::doc::Figure;
using sweep_report::AxisMetric;

const std::string kChunked = "enable-chunked-prefill";

// Failure log excerpts: the run report has none, so its stylesheet has no rule for them.
constexpr const char* kExtraCss =
    "pre { background: #f6f8fa; border: 1px solid #e3e6ea; "
    "border-radius: 6px; padding: 8px 12px; overflow-x: auto; "
    "font-size: 12.5px; white-space: pre-wrap; }\n";

// Every value parses as a positive number: the axis gets a numeric x scale.
bool numeric_values(const std::vector<std::string>& values, std::vector<double>& xs) {
  xs.clear();
  for (const auto& v : values) {
    char* end = nullptr;
    const double x = std::strtod(v.c_str(), &end);
    if (v.empty() || end != v.c_str() + v.size() || !(x > 0)) return false;
    xs.push_back(x);
  }
  return true;
}

// Figures of two panels each (the last one alone when the count is odd).
std::vector<Figure> paired(std::vector<std::string> svgs, const std::string& caption) {
  std::vector<Figure> out;
  for (std::size_t i = 0; i < svgs.size(); i += 2) {
    Figure f;
    f.caption = caption;
    f.svgs.push_back(std::move(svgs[i]));
    if (i + 1 < svgs.size()) f.svgs.push_back(std::move(svgs[i + 1]));
    out.push_back(std::move(f));
  }
  return out;
}

// Bars: one group per scenario, one bar per axis value (ON/OFF for chunked prefill).
std::string value_bars(const SweepResult& sweep, const std::string& flag,
                       const std::vector<std::string>& values, const std::vector<std::string>& names,
                       const AxisMetric& metric, const std::string& title, const SweepMessages& m) {
  chart::BarChart c;
  c.title = title;
  c.x_label = m.axis_input_len;
  c.y_label = metric.label;
  c.unit = metric.unit;
  for (std::size_t i = 0; i < values.size(); ++i) c.series.push_back({names[i], {}});
  for (const ScenarioResult* sc : sweep_report::scenarios_of(sweep)) {
    c.categories.push_back(sc->spec.name + " (" +
                           m.cat_tokens.format(arg<"n">(sc->spec.input_len)) + ")");
    for (std::size_t i = 0; i < values.size(); ++i) {
      c.series[i].values.push_back(
          group_stat(sweep, flag, values[i], sc->spec.name, metric.value).mean);
    }
  }
  return chart::render_bars(c);
}

// Lines: metric against a numeric axis value, one line per scenario.
std::string value_lines(const SweepResult& sweep, const std::string& flag,
                        const std::vector<std::string>& values, const std::vector<double>& xs,
                        const AxisMetric& metric, const SweepMessages& m) {
  chart::LineChart c;
  c.title = m.chart_axis_title.format(arg<"metric">(metric.label), arg<"flag">(flag));
  c.x_label = "--" + flag;
  c.y_label = metric.label;
  c.y_unit = metric.unit;
  c.x_ticks = xs;
  double lo = xs.front(), hi = xs.front();
  for (double x : xs) lo = std::min(lo, x), hi = std::max(hi, x);
  c.x_log = hi / lo >= 8;  // e.g. 2048 .. 16384 tokens: even spacing per doubling
  for (const ScenarioResult* sc : sweep_report::scenarios_of(sweep)) {
    chart::LineSeries s{sc->spec.name, {}};
    for (std::size_t i = 0; i < values.size(); ++i) {
      const GroupStat g = group_stat(sweep, flag, values[i], sc->spec.name, metric.value);
      if (g.n > 0) s.points.push_back({xs[i], g.mean});
    }
    if (!s.points.empty()) c.series.push_back(std::move(s));
  }
  return chart::render_lines(c);
}

std::vector<Figure> chunked_figures(const SweepResult& sweep, const SweepMessages& m) {
  bool on = false, off = false;
  for (const ScenarioResult* sc : sweep_report::scenarios_of(sweep)) {
    const AxisMetric e2e = sweep_report::e2e_metric(m);
    on = on || group_stat(sweep, kChunked, "true", sc->spec.name, e2e.value).n > 0;
    off = off || group_stat(sweep, kChunked, "false", sc->spec.name, e2e.value).n > 0;
  }
  if (!on || !off) return {};
  const AxisMetric itl{m.metric_itl_p99, "ms",
                       [](const ScenarioSummary& s) { return s.itl_ms.p99; }, 2, false};
  std::vector<std::string> svgs;
  for (const AxisMetric& metric : {sweep_report::e2e_metric(m), sweep_report::ttft_metric(m), itl,
                                   sweep_report::throughput_metric(m)}) {
    svgs.push_back(value_bars(sweep, kChunked, {"true", "false"}, {m.on, m.off}, metric,
                              m.chart_chunked_title.format(arg<"metric">(metric.label)), m));
  }
  return paired(std::move(svgs), m.chart_chunked_caption);
}

std::vector<Figure> axis_figures(const SweepResult& sweep, const std::string& flag,
                                 const std::vector<std::string>& values, const SweepMessages& m) {
  std::vector<std::string> svgs;
  std::vector<double> xs;
  const bool numeric = numeric_values(values, xs);
  for (const AxisMetric& metric : sweep_report::axis_metrics(flag, m)) {
    if (numeric) {
      svgs.push_back(value_lines(sweep, flag, values, xs, metric, m));
    } else {
      std::vector<std::string> names;
      for (const auto& v : values) names.push_back(flag + "=" + v);
      svgs.push_back(
          value_bars(sweep, flag, values, names, metric,
                     m.chart_axis_title.format(arg<"metric">(metric.label), arg<"flag">(flag)), m));
    }
  }
  return paired(std::move(svgs), m.chart_axis_caption.format(arg<"flag">(flag)));
}

// Mean of `metric` over the ok runs of points with both settings.
double cell_mean(const SweepResult& sweep, const std::string& fx, const std::string& vx,
                 const std::string& fy, const std::string& vy, const std::string& scenario,
                 ScenarioMetric metric) {
  double sum = 0;
  int n = 0;
  for (const auto& p : sweep.points) {
    if (p.status != PointStatus::ok || sweep_report::point_setting(p, fx) != vx ||
        sweep_report::point_setting(p, fy) != vy) {
      continue;
    }
    for (const auto& r : p.runs) {
      for (const auto& s : r.scenarios) {
        const double v = s.spec.name == scenario ? metric(s.summary) : std::nan("");
        if (std::isfinite(v)) sum += v, ++n;
      }
    }
  }
  return n ? sum / n : std::numeric_limits<double>::quiet_NaN();
}

// Output throughput per scenario over the two axes, when the sweep has exactly two.
std::vector<Figure> heatmap_figures(const SweepResult& sweep, const SweepMessages& m) {
  std::vector<const std::pair<std::string, std::vector<std::string>>*> axes;
  for (const auto& a : sweep.axes) {
    if (a.second.size() >= 2) axes.push_back(&a);
  }
  if (axes.size() != 2) return {};
  const auto& [fx, vxs] = *axes[0];
  const auto& [fy, vys] = *axes[1];
  const AxisMetric metric = sweep_report::throughput_metric(m);
  std::vector<std::string> svgs;
  for (const ScenarioResult* sc : sweep_report::scenarios_of(sweep)) {
    chart::Heatmap h;
    h.title =
        m.chart_heatmap_title.format(arg<"metric">(metric.label), arg<"scenario">(sc->spec.name));
    h.x_label = "--" + fx;
    h.y_label = "--" + fy;
    h.unit = metric.unit;
    h.x_categories = vxs;
    h.y_categories = vys;
    h.higher_is_better = metric.higher_is_better;
    bool any = false;
    for (const auto& vy : vys) {
      std::vector<double> row;
      for (const auto& vx : vxs) {
        row.push_back(cell_mean(sweep, fx, vx, fy, vy, sc->spec.name, metric.value));
        any = any || std::isfinite(row.back());
      }
      h.values.push_back(std::move(row));
    }
    if (any) svgs.push_back(chart::render_heatmap(h));
  }
  return paired(std::move(svgs), m.chart_heatmap_caption.format(arg<"x">(fx), arg<"y">(fy)));
}

}  // namespace

void write_sweep_html(const SweepResult& sweep, Lang lang, std::ostream& out,
                      const report::ConclusionOptions& options) {
  const SweepMessages& m = sweep_messages(lang);
  sweep_report::SweepFigures figures;
  figures.chunked.figures = chunked_figures(sweep, m);
  for (const auto& [flag, values] : sweep.axes) {
    if (flag == kChunked || values.size() < 2) continue;
    figures.axes[flag].figures = axis_figures(sweep, flag, values, m);
  }
  figures.heatmaps.figures = heatmap_figures(sweep, m);
  report::doc::Document d = sweep_report::sweep_document(sweep, lang, options, &figures);
  d.extra_css = kExtraCss;
  report::doc::write_html(d, out);
}

}  // namespace sonde
