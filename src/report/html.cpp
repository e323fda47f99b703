#include "report/html.hpp"

#include <string>

#include "report/charts.hpp"
#include "report/document.hpp"
#include "report/messages.hpp"
#include "report/run_document.hpp"

namespace sonde {

namespace report {
namespace {

// The run recorded GPU memory or KV-cache gauges, so a telemetry.jsonl was worth having.
bool has_telemetry(const RunResult& run) {
  for (const ScenarioResult& sc : run.scenarios) {
    if (sc.gpu_memory) return true;
    if (sc.server_metrics && sc.server_metrics->gauge_samples > 0) return true;
  }
  return false;
}

// The charts close the section they belong to, after its text and tables.
void add_figures(doc::Document& d, const std::string& id, doc::Figures figures) {
  if (figures.figures.empty() && figures.note.empty()) return;
  for (doc::Section& s : d.sections) {
    if (s.id == id) s.blocks.push_back(std::move(figures));
  }
}

void add_charts(doc::Document& d, const RunResult& run, const std::vector<RequestRecord>* records,
                const TelemetrySeries* telemetry, const Messages& m) {
  doc::Figures summary, concurrency;
  summary.figures = input_length_figures(run, records, m);
  concurrency.figures = concurrency_figures(run, records, m);
  for (Figure& f : conversation_figures(run, m)) concurrency.figures.push_back(std::move(f));
  std::vector<std::string> notes;
  if (!records) notes.push_back(m.chart_cdf_missing);
  if (telemetry) {
    for (Figure& f : telemetry_figures(*telemetry, m)) concurrency.figures.push_back(std::move(f));
  } else if (has_telemetry(run)) {
    notes.push_back(m.chart_mem_missing);
  }
  // The notes go where the first missing chart would have been.
  const bool in_summary = !records && !summary.figures.empty();
  for (const std::string& n : notes) {
    std::string& note = (in_summary && n == m.chart_cdf_missing ? summary : concurrency).note;
    note += (note.empty() ? "" : " ") + n;
  }
  add_figures(d, "summary", std::move(summary));
  add_figures(d, "concurrency", std::move(concurrency));
}

}  // namespace
}  // namespace report

void write_html_report(const RunResult& run, const std::vector<RequestRecord>* records, Lang lang,
                       std::ostream& out, const TelemetrySeries* telemetry,
                       const report::ConclusionOptions& conclusions) {
  report::doc::Document d = report::run_document(run, lang, conclusions, records, true);
  report::add_charts(d, run, records, telemetry, report::messages(lang));
  report::doc::write_html(d, out);
}

}  // namespace sonde
