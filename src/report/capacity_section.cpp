// The capacity section of a `sonde capacity` run's report: the answer, how it was found, every
// probe, and the two charts (attainment, latency) against load.
#include <cmath>

#include "report/charts.hpp"
#include "report/format.hpp"
#include "report/sections.hpp"

namespace sonde::report {
namespace {

std::string load_text(const CapacityResult& c, double load, const Messages& m) {
  return c.load == "rate" ? m.cap_load_rate.format(arg<"rate">(trimmed(load, 3)))
                          : m.cap_load_conc.format(arg<"n">(trimmed(load, 0)));
}

std::string slos_text(const CapacityResult& c) { return to_string(c.slos); }

doc::Paragraph verdict(const CapacityResult& c, const Messages& m) {
  if (c.status == "found" && c.capacity) {
    return {m.cap_found.format(
        arg<"load">(load_text(c, *c.capacity, m)), arg<"target">(trimmed(c.target_pct, 1)),
        arg<"slos">(slos_text(c)), arg<"tps">(autonum(c.capacity_output_tps.value_or(NAN))),
        arg<"lo">(trimmed(c.bracket_lo, 3)), arg<"hi">(trimmed(c.bracket_hi, 3)),
        arg<"n">(integer(static_cast<int64_t>(c.probes.size()))))};
  }
  if (c.status == "at_max" && c.capacity) {
    return {m.cap_at_max.format(arg<"load">(load_text(c, *c.capacity, m)),
                                arg<"target">(trimmed(c.target_pct, 1)), arg<"slos">(slos_text(c)))};
  }
  if (c.status == "lowest_fails" && !c.probes.empty()) {
    const CapacityProbe& p = c.probes.back();
    return {m.cap_lowest.format(arg<"load">(load_text(c, p.load, m)),
                                arg<"pct">(trimmed(p.attainment_pct, 1)),
                                arg<"target">(trimmed(c.target_pct, 1)), arg<"slos">(slos_text(c)))};
  }
  return {m.cap_aborted.format(arg<"n">(integer(static_cast<int64_t>(c.probes.size()))))};
}

std::string triple(const LatencyPercentiles& p) {
  return autonum(p.p50) + " / " + autonum(p.p90) + " / " + autonum(p.p99);
}

std::string verdict_cell(const CapacityProbe& p, const Messages& m) {
  std::string v = p.saturated ? m.cap_saturated : p.passed ? m.cap_pass : m.cap_fail;
  return p.verification ? v + m.cap_repeat : v;
}

}  // namespace

std::optional<doc::Section> capacity_section(const RunResult& run, const Messages& m) {
  if (!run.capacity) return std::nullopt;
  const CapacityResult& c = *run.capacity;
  doc::Section section{"capacity", m.cap_heading, {}};
  section.blocks.push_back(verdict(c, m));
  section.blocks.push_back(doc::Paragraph{m.cap_method});
  doc::Table table{doc::header_cells(m.cap_header), {}, {}};
  for (const CapacityProbe& p : c.probes) {
    table.rows.push_back({"`" + p.scenario + "`", load_text(c, p.load, m),
                          trimmed(p.attainment_pct, 1),
                          integer(p.completed) + " / " + integer(p.failed), triple(p.ttft_ms),
                          triple(p.tpot_ms), autonum(p.output_throughput), verdict_cell(p, m)});
  }
  section.blocks.push_back(std::move(table));
  doc::Figures figures;
  figures.figures = capacity_figures(c, m);
  if (!figures.figures.empty()) section.blocks.push_back(std::move(figures));
  return section;
}

}  // namespace sonde::report
