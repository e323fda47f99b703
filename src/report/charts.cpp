#include "report/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "report/format.hpp"
#include "report/markdown.hpp"

namespace sonde::report {

namespace {

constexpr std::size_t kMaxCdfPoints = 200;  // keeps the file small for long runs

std::vector<const ScenarioResult*> input_length_rows(const RunResult& run) {
  std::vector<const ScenarioResult*> rows;
  for (const auto& sc : run.scenarios) {
    if (is_input_length_scenario(sc.spec) && sc.summary.completed > 0) rows.push_back(&sc);
  }
  return rows;
}

// "1,000 tok" when input lengths are unique among the rows, else the scenario names.
std::vector<std::string> length_categories(const std::vector<const ScenarioResult*>& rows,
                                           const Messages& m) {
  std::set<int64_t> lengths;
  for (const auto* sc : rows) lengths.insert(sc->spec.input_len);
  std::vector<std::string> out;
  for (const auto* sc : rows) {
    out.push_back(lengths.size() == rows.size()
                      ? m.cat_tokens.format(arg<"n">(integer(sc->spec.input_len)))
                      : sc->spec.name);
  }
  return out;
}

std::string breakdown_chart(const std::vector<const ScenarioResult*>& rows, const Messages& m) {
  chart::BarChart c;
  c.title = m.chart_breakdown_title;
  c.x_label = m.axis_input_len;
  c.y_label = m.axis_latency_s;
  c.unit = "s";
  c.stacked = true;
  c.categories = length_categories(rows, m);
  c.series = {{m.series_ttft, {}}, {m.series_decode, {}}};
  for (const auto* sc : rows) {
    c.series[0].values.push_back(sc->summary.ttft_ms.mean / 1000.0);
    c.series[1].values.push_back(sc->summary.decode_ms.mean / 1000.0);
  }
  return chart::render_bars(c);
}

// Measured mean input tokens (what the server counted), the target when unknown.
double input_x(const ScenarioResult& sc) {
  const double x = sc.summary.input_tokens.mean;
  return std::isfinite(x) ? x : double(sc.spec.input_len);
}

// mean and p99 of one distribution per row, against input length.
std::string vs_length_chart(const std::vector<const ScenarioResult*>& rows, const char* title,
                            const char* y_label, Distribution ScenarioSummary::*metric,
                            const Messages& m) {
  chart::LineChart c;
  c.title = title;
  c.x_label = m.axis_input_len;
  c.y_label = y_label;
  c.x_unit = "tok";
  c.y_unit = "ms";
  c.series = {{m.series_mean, {}}, {m.series_p99, {}}};
  for (const auto* sc : rows) {
    const Distribution& d = sc->summary.*metric;
    c.series[0].points.push_back({input_x(*sc), d.mean});
    c.series[1].points.push_back({input_x(*sc), d.p99});
  }
  return chart::render_lines(c);
}

std::vector<std::string> names_of(const std::vector<const ScenarioResult*>& rows) {
  std::vector<std::string> names;
  for (const auto* sc : rows) names.push_back(sc->spec.name);
  return names;
}

}  // namespace

std::string ttft_cdf_chart(const std::vector<std::string>& scenarios,
                           const std::vector<RequestRecord>& records, const std::string& title,
                           const Messages& m) {
  std::vector<std::pair<std::string, std::vector<double>>> samples;
  for (const std::string& name : scenarios) {
    std::vector<double> v;
    for (const RequestRecord& r : records) {
      if (r.ok && r.ttft_ms && r.scenario == name) v.push_back(*r.ttft_ms);
    }
    samples.emplace_back(name, std::move(v));
  }
  return cdf_chart(samples, title, m.axis_ttft_ms, m.axis_fraction);
}

std::string cdf_chart(const std::vector<std::pair<std::string, std::vector<double>>>& samples,
                      const std::string& title, const std::string& x_label,
                      const std::string& y_label) {
  chart::LineChart c;
  c.title = title;
  c.x_label = x_label;
  c.y_label = y_label;
  c.x_unit = "ms";
  c.step = true;
  c.y_percent = true;
  double lo = INFINITY, hi = 0;
  for (const auto& [name, sample] : samples) {
    std::vector<double> v = sample;
    if (v.empty()) continue;
    std::sort(v.begin(), v.end());
    lo = std::min(lo, v.front()), hi = std::max(hi, v.back());
    chart::LineSeries s{name, {}};
    const std::size_t n = v.size(), k = std::min(n, kMaxCdfPoints);
    // k evenly spaced ranks, always including the last (the maximum, share 100 %).
    for (std::size_t j = 1; j <= k; ++j) {
      const std::size_t rank = (j * n + k - 1) / k;
      s.points.push_back({v[rank - 1], double(rank) / double(n)});
    }
    c.series.push_back(std::move(s));
  }
  if (c.series.empty()) return {};
  c.x_log = lo > 0 && hi / lo > 20;  // a long tail would squash the body on a linear axis
  c.y_from_zero = true;
  return chart::render_lines(c);
}

std::vector<Figure> input_length_figures(const RunResult& run,
                                         const std::vector<RequestRecord>* records,
                                         const Messages& m) {
  const auto rows = input_length_rows(run);
  std::vector<Figure> out;
  if (rows.empty()) return out;
  out.push_back({{breakdown_chart(rows, m)}, m.chart_breakdown_caption, {}});
  if (rows.size() >= 2) {
    out.push_back(
        {{vs_length_chart(rows, m.chart_ttft_len_title, m.axis_ttft_ms, &ScenarioSummary::ttft_ms, m),
          vs_length_chart(rows, m.chart_tpot_len_title, m.axis_tpot_ms, &ScenarioSummary::tpot_ms, m)},
         m.chart_len_caption,
         {}});
  }
  if (records) {
    std::string cdf = ttft_cdf_chart(names_of(rows), *records, m.chart_cdf_len_title, m);
    if (!cdf.empty()) out.push_back({{std::move(cdf)}, m.chart_cdf_caption, {}});
  }
  return out;
}

namespace {

// Burst/closed scenarios beyond the input-length table, grouped by request shape so that a
// line joins only scenarios that differ in concurrency alone.
using ShapeKey = std::tuple<int64_t, int64_t>;  // input_len, output_len

std::map<ShapeKey, std::vector<const ScenarioResult*>> concurrency_groups(const RunResult& run) {
  std::map<ShapeKey, std::vector<const ScenarioResult*>> groups;
  for (const auto& sc : run.scenarios) {
    if (is_input_length_scenario(sc.spec) || sc.spec.load == LoadShape::rate) continue;
    // A conversation's requests grow turn by turn: not one shape to set beside others.
    if (std::holds_alternative<ConversationSource>(sc.spec.source)) continue;
    if (sc.summary.completed == 0) continue;
    groups[{sc.spec.input_len, sc.spec.output_len}].push_back(&sc);
  }
  for (auto& [key, rows] : groups) {
    std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
      return a->spec.concurrency < b->spec.concurrency;
    });
  }
  return groups;
}

void set_concurrency_axis(chart::LineChart& c, const std::set<double>& levels, const Messages& m) {
  c.x_label = m.axis_concurrency;
  c.x_ticks.assign(levels.begin(), levels.end());
  c.x_log = *levels.begin() > 0 && *levels.rbegin() / *levels.begin() >= 8;
}

}  // namespace

std::vector<Figure> concurrency_figures(const RunResult& run,
                                        const std::vector<RequestRecord>* records, const Messages& m) {
  const auto groups = concurrency_groups(run);
  std::vector<Figure> out;
  std::set<double> levels;
  std::vector<std::string> names;
  for (const auto& [key, rows] : groups) {
    for (const auto* sc : rows) levels.insert(sc->spec.concurrency), names.push_back(sc->spec.name);
  }
  if (levels.size() >= 2) {
    chart::LineChart tput, lat;
    tput.title = m.chart_tput_conc_title, tput.y_label = m.axis_tput, tput.y_unit = "tok/s";
    lat.title = m.chart_lat_conc_title, lat.y_label = m.axis_latency_s, lat.y_unit = "s";
    set_concurrency_axis(tput, levels, m);
    set_concurrency_axis(lat, levels, m);
    for (const auto& [key, rows] : groups) {
      const std::string shape =
          integer(std::get<0>(key)) + " / " + integer(std::get<1>(key)) + " tok";
      const std::string name = groups.size() > 1 ? shape : "";
      chart::LineSeries t{name, {}}, mean{groups.size() > 1 ? shape : m.series_mean, {}},
          p99{m.series_p99, {}};
      for (const auto* sc : rows) {
        const double x = sc->spec.concurrency;
        t.points.push_back({x, sc->summary.output_throughput});
        mean.points.push_back({x, sc->summary.e2el_ms.mean / 1000.0});
        p99.points.push_back({x, sc->summary.e2el_ms.p99 / 1000.0});
      }
      tput.series.push_back(std::move(t));
      lat.series.push_back(std::move(mean));
      if (groups.size() == 1) lat.series.push_back(std::move(p99));
    }
    out.push_back({{chart::render_lines(tput), chart::render_lines(lat)}, m.chart_conc_caption, {}});
  }
  // The CDF also covers rate scenarios: they have distributions even without a fixed level.
  for (const auto& sc : run.scenarios) {
    if (!is_input_length_scenario(sc.spec) && sc.spec.load == LoadShape::rate)
      names.push_back(sc.spec.name);
  }
  if (records && !names.empty()) {
    std::string cdf = ttft_cdf_chart(names, *records, m.chart_cdf_conc_title, m);
    if (!cdf.empty()) out.push_back({{std::move(cdf)}, m.chart_cdf_caption, {}});
  }
  return out;
}

std::vector<Figure> conversation_figures(const RunResult& run, const Messages& m) {
  std::vector<const ScenarioResult*> rows;
  for (const auto& sc : run.scenarios) {
    if (std::holds_alternative<ConversationSource>(sc.spec.source) && !sc.turns.empty())
      rows.push_back(&sc);
  }
  if (rows.empty()) return {};
  chart::LineChart c;
  c.title = m.chart_turn_title;
  c.x_label = m.axis_turn;
  c.y_label = m.axis_ttft_ms;
  c.y_unit = "ms";
  std::set<double> turns;
  for (const auto* sc : rows) {
    // One scenario: its p50, p90 and p99, and the p50 of the requests with and without
    // prefix-cache hits where the server said which; several: each scenario's p50.
    const bool one = rows.size() == 1;
    chart::LineSeries p50{one ? std::string(m.series_p50) : sc->spec.name, {}},
        p90{m.series_p90, {}}, p99{m.series_p99, {}}, hit{m.series_p50_hit, {}},
        miss{m.series_p50_miss, {}};
    for (const TurnSummary& t : sc->turns) {
      turns.insert(t.turn);
      p50.points.push_back({double(t.turn), t.ttft_ms.p50});
      p90.points.push_back({double(t.turn), t.ttft_ms.p90});
      p99.points.push_back({double(t.turn), t.ttft_ms.p99});
      if (t.ttft_hit_ms.count > 0) hit.points.push_back({double(t.turn), t.ttft_hit_ms.p50});
      if (t.ttft_miss_ms.count > 0) miss.points.push_back({double(t.turn), t.ttft_miss_ms.p50});
    }
    c.series.push_back(std::move(p50));
    if (!one) continue;
    c.series.push_back(std::move(p90));
    c.series.push_back(std::move(p99));
    // Only with both kinds: one kind alone is the p50 line again, or a subset of it.
    if (!hit.points.empty() && !miss.points.empty()) {
      c.series.push_back(std::move(hit));
      c.series.push_back(std::move(miss));
    }
  }
  c.x_ticks.assign(turns.begin(), turns.end());
  return {{{chart::render_lines(c)}, m.chart_turn_caption, {}}};
}

std::vector<Figure> memory_figures(const std::vector<chart::LineSeries>& gpu_memory_gib,
                                   const std::vector<chart::LineSeries>& kv_cache_usage,
                                   const Messages& m) {
  std::vector<std::string> panels;
  if (!gpu_memory_gib.empty()) {
    chart::LineChart c;
    c.title = m.chart_mem_title, c.x_label = m.axis_elapsed_s, c.y_label = m.axis_gpu_mem_gib;
    c.x_unit = "s", c.y_unit = "GiB";
    c.series = gpu_memory_gib;
    panels.push_back(chart::render_lines(c));
  }
  if (!kv_cache_usage.empty()) {
    chart::LineChart c;
    c.title = m.chart_kv_title, c.x_label = m.axis_elapsed_s, c.y_label = m.axis_kv_usage;
    c.x_unit = "s";
    c.y_percent = true;
    c.series = kv_cache_usage;
    panels.push_back(chart::render_lines(c));
  }
  if (panels.empty()) return {};
  return {{std::move(panels), m.chart_mem_caption, {}}};
}

std::vector<Figure> power_figures(const std::vector<chart::LineSeries>& gpu_power_w,
                                  const Messages& m) {
  if (gpu_power_w.empty()) return {};
  chart::LineChart c;
  c.title = m.chart_power_title, c.x_label = m.axis_elapsed_s, c.y_label = m.axis_power_w;
  c.x_unit = "s", c.y_unit = "W";
  c.series = gpu_power_w;
  return {{{chart::render_lines(c)}, m.chart_power_caption, {}}};
}

std::vector<Figure> chunked_prefill_figures(const std::vector<ChunkedPrefillPoint>& points,
                                            const Messages& m) {
  if (points.empty()) return {};
  chart::BarChart c;
  c.title = m.chart_chunk_title;
  c.x_label = m.axis_input_len;
  c.y_label = m.axis_latency_s;
  c.unit = "s";
  c.series = {{m.on, {}}, {m.off, {}}};
  for (const ChunkedPrefillPoint& p : points) {
    c.categories.push_back(m.cat_tokens.format(arg<"n">(integer(p.input_len))));
    c.series[0].values.push_back(p.on_latency_s);
    c.series[1].values.push_back(p.off_latency_s);
  }
  return {{{chart::render_bars(c)}, m.chart_chunk_caption, {}}};
}

}  // namespace sonde::report
