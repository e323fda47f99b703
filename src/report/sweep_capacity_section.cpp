#include "report/sweep_capacity_section.hpp"

#include <algorithm>
#include <cmath>

#include "chart/chart.hpp"
#include "report/format.hpp"

namespace sonde::report {
namespace {

bool listed(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string settings_cell(const PointResult& p) {
  std::string out;
  for (const auto& [k, v] : p.settings) out += (out.empty() ? "" : ", ") + k + "=" + v;
  return out.empty() ? std::string(kMissing) : out;
}

std::string opt_num(const std::optional<double>& v) { return v ? autonum(*v) : kMissing; }

const PointCapacity* first_search(const SweepResult& sweep) {
  for (const PointResult& p : sweep.points) {
    if (p.capacity) return &*p.capacity;
  }
  return nullptr;
}

// A ranked point's row: its figures at the capacity, its frontier mark and its role.
std::vector<doc::Cell> ranked_row(const PointResult& p, int rank, const CapacityDecision& d,
                                  const SweepMessages& m) {
  const PointCapacity& c = *p.capacity;
  const bool at_max = c.search.status == "at_max";
  const bool frontier = listed(d.pareto, p.name);
  std::string note = p.name == d.recommended ? m.cap_recommended
                     : p.name == d.runner_up ? m.cap_runner_up
                                             : "";
  if (!frontier) note += std::string(note.empty() ? "" : "; ") + m.cap_off_frontier;
  if (at_max) note += std::string(note.empty() ? "" : "; ") + m.cap_at_max;
  return {std::to_string(rank),
          p.name,
          settings_cell(p),
          std::to_string(c.gpus),
          (at_max ? "≥ " : "") + opt_num(c.search.capacity_rps),
          (at_max ? "≥ " : "") + opt_num(c.capacity_per_gpu),
          opt_num(c.output_tps_per_gpu),
          opt_num(c.tokens_per_user),
          opt_num(c.tpot_p50_ms),
          frontier ? m.cap_frontier : "",
          note};
}

// A point without a capacity: its search found none, or the point failed before it.
std::vector<doc::Cell> unranked_row(const PointResult& p, const SweepMessages& m) {
  std::string note;
  std::string gpus = kMissing;
  if (p.status != PointStatus::ok) {
    note = "`" + std::string(point_status_name(p.status)) + "`" +
           (p.reason.empty() ? "" : ": " + doc::literal(p.reason));
  } else if (!p.capacity) {
    note = m.cap_not_measured;
  } else {
    gpus = std::to_string(p.capacity->gpus);
    const auto& probes = p.capacity->search.probes;
    note = p.capacity->search.status == "lowest_fails" && !probes.empty()
               ? m.cap_lowest_fails.format(arg<"pct">(trimmed(probes.back().attainment_pct, 1)))
               : std::string(m.cap_aborted);
  }
  return {kMissing, p.name,   settings_cell(p), gpus, kMissing, kMissing,
          kMissing, kMissing, kMissing,         "",   note};
}

}  // namespace

std::optional<doc::Figure> pareto_figure(const SweepResult& sweep, const SweepMessages& m) {
  if (!sweep.capacity || sweep.capacity->ranking.empty()) return std::nullopt;
  chart::LineChart c;
  c.title = m.chart_pareto_title;
  c.x_label = m.axis_tokens_per_user;
  c.x_unit = "tok/s";
  c.y_label = m.axis_tokens_per_gpu;
  c.y_unit = "tok/s";
  c.marks_name = m.series_points;
  chart::LineSeries frontier{m.series_frontier, {}};
  for (const PointResult& p : sweep.points) {
    if (!listed(sweep.capacity->ranking, p.name)) continue;
    c.marks.push_back({{*p.capacity->tokens_per_user, *p.capacity->output_tps_per_gpu}, p.name});
  }
  for (const std::string& name : sweep.capacity->pareto) {  // by ascending tokens/s per user
    for (const PointResult& p : sweep.points) {
      if (p.name == name && p.capacity && p.capacity->tokens_per_user)
        frontier.points.push_back({*p.capacity->tokens_per_user, *p.capacity->output_tps_per_gpu});
    }
  }
  c.series = {std::move(frontier)};
  return doc::Figure{{chart::render_lines(c)}, m.chart_pareto_caption, "capacity-pareto.svg"};
}

std::optional<doc::Section> capacity_ranking_section(const SweepResult& sweep, Lang lang,
                                                     const ConclusionOptions& options) {
  if (!sweep.capacity) return std::nullopt;
  const SweepMessages& m = sweep_messages(lang);
  const CapacityDecision& d = *sweep.capacity;
  doc::Section section{"capacity", m.cap_heading, {}};
  if (const PointCapacity* c = first_search(sweep)) {
    section.blocks.push_back(doc::Paragraph{m.cap_intro.format(
        arg<"target">(trimmed(c->search.target_pct, 1)), arg<"slos">(to_string(c->search.slos)))});
  }
  doc::Table table{doc::header_cells(m.cap_header), {}, {}};
  table.align = {doc::Align::figures, doc::Align::left,    doc::Align::left,    doc::Align::figures,
                 doc::Align::figures, doc::Align::figures, doc::Align::figures, doc::Align::figures,
                 doc::Align::figures, doc::Align::left,    doc::Align::left};
  int rank = 0;
  for (const std::string& name : d.ranking) {
    for (const PointResult& p : sweep.points) {
      if (p.name == name) table.rows.push_back(ranked_row(p, ++rank, d, m));
    }
  }
  for (const PointResult& p : sweep.points) {
    if (!listed(d.ranking, p.name)) table.rows.push_back(unranked_row(p, m));
  }
  section.blocks.push_back(std::move(table));
  if (auto fig = pareto_figure(sweep, m)) section.blocks.push_back(doc::Figures{{*fig}, ""});
  if (auto f = capacity_recommendation(sweep, lang, options)) {
    section.blocks.push_back(doc::Paragraph{f->text});
  }
  return section;
}

}  // namespace sonde::report
