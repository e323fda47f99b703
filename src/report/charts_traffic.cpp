// The traffic-sources charts of report.html: length histograms, a replay's time line and the
// TTFT of requests with and without prefix-cache hits. Numbers from analysis/; drawing only.
#include <cmath>

#include "analysis/traffic_shape.hpp"
#include "report/charts.hpp"
#include "report/format.hpp"

namespace sonde::report {
namespace {

chart::BarSeries counts(const std::string& name, const std::vector<int>& values) {
  chart::BarSeries s{name, {}};
  for (const int v : values) s.values.push_back(v);
  return s;
}

std::string histogram(const std::string& title, const std::vector<int64_t>& target,
                      const std::vector<int64_t>& measured, const std::string& measured_name,
                      const TrafficMessages& t) {
  const analysis::LengthBins bins = analysis::length_bins(target, measured);
  if (bins.edges.empty()) return {};
  chart::Histogram h;
  h.title = title;
  h.x_label = t.axis_tokens;
  h.y_label = t.axis_requests;
  h.edges = bins.edges;
  h.series = {counts(t.series_target, bins.target), counts(measured_name, bins.measured)};
  return chart::render_histogram(h);
}

bool is_trace(const ScenarioResult& sc) {
  return sc.source && (sc.source->kind == "mooncake" || sc.source->kind == "azure");
}

// Two figures: arrivals/completions beside output throughput, then the latency medians.
std::vector<Figure> timeline_figures(const ScenarioResult& sc,
                                     const std::vector<RequestRecord>& records,
                                     const TrafficMessages& t) {
  const analysis::Timeline tl = analysis::timeline(records);
  chart::LineChart rate, tput, latency;
  for (chart::LineChart* c : {&rate, &tput, &latency}) {
    c->x_label = t.axis_elapsed_s;
    c->x_unit = "s";
  }
  rate.title = t.chart_rate_title, rate.y_label = t.axis_req_s, rate.y_unit = "req/s";
  tput.title = t.chart_tput_title, tput.y_label = t.axis_tok_s, tput.y_unit = "tok/s";
  latency.title = t.chart_latency_title, latency.y_label = t.axis_ms, latency.y_unit = "ms";
  chart::LineSeries arrivals{t.series_arrivals, {}}, done{t.series_completions, {}};
  chart::LineSeries tokens{"", {}};  // one line: no legend
  chart::LineSeries ttft{t.series_ttft_p50, {}}, e2el{t.series_e2el_p50, {}};
  for (const analysis::TimelineBin& b : tl.bins) {
    const double x = b.start_s + tl.bin_s / 2;  // each figure stands for its whole bin
    arrivals.points.push_back({x, b.arrivals / tl.bin_s});
    done.points.push_back({x, b.completions / tl.bin_s});
    tokens.points.push_back({x, b.output_tokens_per_s});
    ttft.points.push_back({x, b.ttft_p50_ms});  // NaN (nothing sent in the bin) is skipped
    e2el.points.push_back({x, b.e2el_p50_ms});
  }
  rate.series = {std::move(arrivals), std::move(done)};
  tput.series = {std::move(tokens)};
  latency.series = {std::move(ttft), std::move(e2el)};
  const std::string bin = trimmed(tl.bin_s, 3);
  return {{{chart::render_lines(rate), chart::render_lines(tput)},
           t.chart_timeline_caption.format(arg<"name">(sc.spec.name), arg<"bin">(bin)),
           {}},
          {{chart::render_lines(latency)},
           t.chart_latency_caption.format(arg<"name">(sc.spec.name), arg<"bin">(bin)),
           {}}};
}

}  // namespace

std::vector<Figure> traffic_figures(const ScenarioResult& sc,
                                    const std::vector<RequestRecord>& records,
                                    const TrafficMessages& t) {
  std::vector<Figure> out;
  if (records.empty()) return out;
  const analysis::ScenarioLengths l = analysis::scenario_lengths(records);
  std::vector<std::string> lengths;
  for (std::string svg :
       {histogram(t.chart_input_title, l.input_target, l.input_sent, t.series_sent, t),
        histogram(t.chart_output_title, l.output_target, l.output_counted, t.series_counted, t)}) {
    if (!svg.empty()) lengths.push_back(std::move(svg));
  }
  if (!lengths.empty()) {
    out.push_back({std::move(lengths), t.chart_len_caption.format(arg<"name">(sc.spec.name)), {}});
  }
  if (is_trace(sc)) {
    for (Figure& f : timeline_figures(sc, records, t)) out.push_back(std::move(f));
  }
  std::vector<double> with, without;
  for (const RequestRecord& r : records) {
    if (!r.ok || !r.ttft_ms || !r.cached_tokens) continue;
    (*r.cached_tokens > 0 ? with : without).push_back(*r.ttft_ms);
  }
  if (!with.empty() && !without.empty()) {
    std::string cdf = cdf_chart({{t.series_with_hits, with}, {t.series_without_hits, without}},
                                t.chart_hits_title, t.axis_ttft_ms, t.axis_fraction);
    out.push_back({{std::move(cdf)}, t.chart_hits_caption.format(arg<"name">(sc.spec.name)), {}});
  }
  return out;
}

}  // namespace sonde::report
