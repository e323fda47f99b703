// The capacity charts (charts.hpp): attainment and latency against load, with guides.
#include <algorithm>

#include "report/charts.hpp"
#include "report/format.hpp"

namespace sonde::report {

std::vector<Figure> capacity_figures(const CapacityResult& c, const Messages& m) {
  if (c.probes.empty()) return {};
  std::vector<CapacityProbe> probes = c.probes;
  std::stable_sort(probes.begin(), probes.end(),
                   [](const CapacityProbe& a, const CapacityProbe& b) { return a.load < b.load; });
  const bool rate = c.load == "rate";
  const auto load_label = [&](double load) {
    return rate ? m.cap_load_rate.format(arg<"rate">(trimmed(load, 3)))
                : m.cap_load_conc.format(arg<"n">(trimmed(load, 0)));
  };
  const auto axes = [&](chart::LineChart& chart) {
    chart.x_label = rate ? m.axis_rate : m.axis_concurrency;
    chart.x_unit = rate ? "req/s" : "";
    if (c.capacity)
      chart.guides.push_back(
          {true, *c.capacity, m.guide_capacity.format(arg<"load">(load_label(*c.capacity)))});
  };

  chart::LineChart att;
  att.title = m.chart_cap_att_title;
  att.y_label = m.axis_attainment;
  att.y_percent = true;
  axes(att);
  chart::LineSeries share{m.series_attainment, {}};
  for (const auto& p : probes) share.points.push_back({p.load, p.attainment_pct / 100});
  att.series.push_back(std::move(share));
  att.guides.push_back(
      {false, c.target_pct / 100, m.guide_target.format(arg<"pct">(trimmed(c.target_pct, 1)))});

  chart::LineChart lat;
  lat.title = m.chart_cap_lat_title;
  lat.y_label = m.axis_latency_ms;
  lat.y_unit = "ms";
  lat.y_log = true;  // a saturated probe's TTFT is orders of magnitude above a TPOT
  axes(lat);
  chart::LineSeries ttft{m.series_ttft_p90, {}}, tpot{m.series_tpot_p90, {}};
  for (const auto& p : probes) {
    ttft.points.push_back({p.load, p.ttft_ms.p90});
    tpot.points.push_back({p.load, p.tpot_ms.p90});
  }
  lat.series.push_back(std::move(ttft));
  lat.series.push_back(std::move(tpot));
  if (c.slos.ttft_ms) {
    lat.guides.push_back(
        {false, *c.slos.ttft_ms,
         m.guide_slo.format(arg<"metric">("TTFT"), arg<"ms">(trimmed(*c.slos.ttft_ms, 1)))});
  }
  if (c.slos.tpot_ms) {
    lat.guides.push_back(
        {false, *c.slos.tpot_ms,
         m.guide_slo.format(arg<"metric">("TPOT"), arg<"ms">(trimmed(*c.slos.tpot_ms, 1)))});
  }
  return {Figure{{chart::render_lines(att)}, m.chart_cap_caption, "capacity-attainment.svg"},
          Figure{{chart::render_lines(lat)}, m.chart_cap_caption, "capacity-latency.svg"}};
}

}  // namespace sonde::report
