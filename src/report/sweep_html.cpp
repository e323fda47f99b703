#include "report/sweep_html.hpp"

#include <fmt/args.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "report/chart.hpp"
#include "report/charts.hpp"
#include "report/html_markdown.hpp"
#include "report/html_style.hpp"
#include "report/sweep_markdown.hpp"
#include "report/sweep_messages.hpp"
#include "report/svg.hpp"

namespace sonde {
namespace {

using report::Figure;
using report::html::Block;
using report::html::inline_html;
using sweep_report::AxisMetric;

const std::string kChunked = "enable-chunked-prefill";

// Failure log excerpts: the run report has none, so its stylesheet has no rule for them.
constexpr const char* kExtraCss = "pre { background: #f6f8fa; border: 1px solid #e3e6ea; "
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
      c.series[i].values.push_back(group_stat(sweep, flag, values[i], sc->spec.name, metric.value).mean);
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
  const AxisMetric itl{m.metric_itl_p99, "ms", [](const ScenarioSummary& s) { return s.itl_ms.p99; }, 2, false};
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
      svgs.push_back(value_bars(sweep, flag, values, names, metric,
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
    h.title = m.chart_heatmap_title.format(arg<"metric">(metric.label), arg<"scenario">(sc->spec.name));
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

// The Markdown, with ``` fences (failure log excerpts) kept apart as preformatted text.
struct Piece {
  bool pre = false;
  Block block;
  std::string text;  // when pre
};

std::vector<Piece> pieces_of(const std::string& md) {
  std::vector<Piece> out;
  std::size_t at = 0;
  while (at < md.size()) {
    const std::size_t open = md.find("\n```\n", at);
    const std::size_t stop = open == std::string::npos ? md.size() : open + 1;
    for (Block& b : report::html::parse_blocks(std::string_view(md).substr(at, stop - at))) {
      out.push_back({false, std::move(b), {}});
    }
    if (open == std::string::npos) break;
    const std::size_t body = open + 5;
    const std::size_t close = md.find("```\n", body);
    const std::size_t end = close == std::string::npos ? md.size() : close;
    out.push_back({true, {}, md.substr(body, end - body)});
    at = close == std::string::npos ? md.size() : close + 4;
  }
  return out;
}

std::string section_id(const std::string& heading, const SweepMessages& m, std::size_t index) {
  const std::pair<const char*, const char*> known[] = {
      {m.points_heading, "points"},          {m.failures_heading, "failures"},
      {m.results_heading, "results"},        {m.chunked_heading, "comparison"},
      {m.conclusions_heading, "conclusions"},
  };
  for (const auto& [text, id] : known) {
    if (heading == text) return id;
  }
  return "section-" + std::to_string(index + 1);
}

void write_figures(const std::vector<Figure>& figures, std::ostream& out) {
  if (figures.empty()) return;
  out << "<div class=\"figures\">\n";
  for (const Figure& f : figures) {
    out << "<figure class=\"chart" << (f.svgs.size() > 1 ? " pair" : "") << "\"><div class=\"panels\">\n";
    for (const std::string& svg : f.svgs) out << "<div class=\"panel\">" << svg << "</div>\n";
    out << "</div><figcaption>" << inline_html(f.caption) << "</figcaption></figure>\n";
  }
  out << "</div>\n";
}

}  // namespace

void write_sweep_html(const SweepResult& sweep, Lang lang, std::ostream& out,
                      const report::ConclusionOptions& options) {
  const SweepMessages& m = sweep_messages(lang);
  std::ostringstream md;
  write_sweep_markdown(sweep, lang, md, options);
  const std::vector<Piece> pieces = pieces_of(md.str());

  // Figures follow the heading they belong to: section 4's own heading (chunked prefill) and
  // each axis's "###" heading; heatmaps close section 4.
  std::map<std::string, std::vector<Figure>> after;
  after[m.chunked_heading] = chunked_figures(sweep, m);
  for (const auto& [flag, values] : sweep.axes) {
    if (flag == kChunked || values.size() < 2) continue;
    after[m.axis_heading.format(arg<"flag">(flag))] = axis_figures(sweep, flag, values, m);
  }
  const std::vector<Figure> heatmaps = heatmap_figures(sweep, m);

  out << "<!DOCTYPE html>\n<html lang=\"" << to_string(lang) << "\">\n<head>\n"
      << "<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"sonde " << svg::escape_attr(sweep.tool_version) << "\">\n"
      << "<title>" << svg::escape_text(m.title) << " · " << svg::escape_text(sweep.sweep_file)
      << "</title>\n<style>" << report::html::stylesheet() << kExtraCss << "</style>\n</head>\n<body>\n<main>\n<header>\n";

  std::vector<Figure> pending;
  std::string current;
  bool in_section = false;
  std::size_t index = 0;
  auto flush = [&] {
    write_figures(pending, out);
    pending.clear();
  };
  auto close_section = [&] {
    flush();
    if (current == "comparison") write_figures(heatmaps, out);
    out << "</section>\n";
  };
  for (const Piece& piece : pieces) {
    if (piece.pre) {
      out << "<pre>" << svg::escape_text(piece.text) << "</pre>\n";
      continue;
    }
    const Block& b = piece.block;
    if (b.kind == Block::Kind::heading && b.level == 2) {
      if (in_section) {
        close_section();
      } else {
        out << "</header>\n<nav class=\"toc\" aria-label=\"" << svg::escape_attr(m.html_contents)
            << "\"><strong>" << svg::escape_text(m.html_contents) << "</strong><ol>\n";
        std::size_t i = 0;
        for (const Piece& p : pieces) {
          if (p.pre || p.block.kind != Block::Kind::heading || p.block.level != 2) continue;
          out << "<li><a href=\"#" << section_id(p.block.items[0], m, i++) << "\">"
              << inline_html(p.block.items[0]) << "</a></li>\n";
        }
        out << "</ol></nav>\n";
      }
      current = section_id(b.items[0], m, index++);
      out << "<section id=\"" << current << "\">\n";
      in_section = true;
    } else if (b.kind == Block::Kind::heading && b.level == 3) {
      flush();
    }
    if (b.kind == Block::Kind::heading && b.level <= 3) {
      const auto it = after.find(b.items[0]);
      if (it != after.end()) pending = it->second;
    }
    const bool meta = !in_section && b.kind == Block::Kind::paragraph && b.items[0].rfind("**", 0) != 0;
    if (meta) out << "<p class=\"meta\">" << inline_html(b.items[0]) << "</p>\n";
    else out << report::html::render_block(b);
  }
  if (in_section) close_section();
  else out << "</header>\n";
  out << "</main>\n</body>\n</html>\n";
}

}  // namespace sonde
