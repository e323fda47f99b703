// The energy column and note, and the speculative-decoding lines, of the report's result
// tables (sections 2 and 3). Only scenarios that recorded them show anything.
#include <set>

#include "report/format.hpp"
#include "report/sections.hpp"

namespace sonde::report {

void add_energy_column(doc::Table& table, const std::vector<const ScenarioResult*>& rows,
                       const Messages& m, std::vector<doc::Block>& notes) {
  std::set<std::string> sources;
  for (const ScenarioResult* sc : rows) {
    if (sc->energy) sources.insert(sc->energy->source);
  }
  if (sources.empty()) return;
  table.header.push_back(m.energy_header);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& e = rows[k]->energy;
    table.rows[k].push_back(!e ? std::string(kMissing)
                               : m.energy_cell.format(arg<"jpt">(autonum(e->joules_per_output_token)),
                                                      arg<"power">(number(e->mean_power_w, 0))));
  }
  std::string list;
  for (const std::string& s : sources) list += (list.empty() ? "`" : ", `") + s + "`";
  notes.push_back(doc::Paragraph{m.energy_note.format(arg<"sources">(list))});
}

void spec_decode_notes(const std::vector<const ScenarioResult*>& rows, const Messages& m,
                       std::vector<doc::Block>& out) {
  doc::List list;
  for (const ScenarioResult* sc : rows) {
    if (!sc->spec_decode || sc->spec_decode->drafts == 0) continue;
    const SpecDecodeRecord& d = *sc->spec_decode;
    list.items.push_back(
        {m.spec_decode_line.format(
             arg<"name">(sc->spec.name), arg<"rate">(trimmed(d.acceptance_rate * 100, 1)),
             arg<"length">(trimmed(d.mean_acceptance_length, 2)), arg<"drafts">(integer(d.drafts)),
             arg<"itl">(autonum(sc->summary.itl_ms.p50)),
             arg<"tpot">(autonum(sc->summary.tpot_ms.p50))),
         {}});
  }
  if (!list.items.empty()) out.push_back(std::move(list));
}

}  // namespace sonde::report
