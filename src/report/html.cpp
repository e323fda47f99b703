#include "report/html.hpp"

#include <map>
#include <sstream>
#include <string>

#include "report/charts.hpp"
#include "report/html_markdown.hpp"
#include "report/html_style.hpp"
#include "report/markdown.hpp"
#include "report/messages.hpp"
#include "report/svg.hpp"

namespace sonde {

namespace report::html {
namespace {

// Stable anchors for the template's sections, found by their catalogue headings.
std::string section_id(const std::string& heading, const Messages& m, std::size_t index) {
  const std::pair<const char*, const char*> known[] = {
      {m.warn_heading, "warnings"},         {m.env_heading, "environment"},
      {m.sum_heading, "summary"},
      {m.conc_heading, "concurrency"},      {m.chunk_heading, "chunked-prefill"},
      {m.concl_heading, "conclusions"},
  };
  for (const auto& [md, id] : known) {
    const std::string text(md);
    if (text.size() > 3 && text.substr(3) == heading) return id;  // catalogue has "## " first
  }
  return "section-" + std::to_string(index + 1);
}

struct SectionExtras {
  std::vector<Figure> figures;  // charts, after the section's text and tables
  std::string note;             // a sentence on a chart that could not be drawn
};

// The run recorded GPU memory or KV-cache gauges, so a telemetry.jsonl was worth having.
bool has_telemetry(const RunResult& run) {
  for (const ScenarioResult& sc : run.scenarios) {
    if (sc.gpu_memory) return true;
    if (sc.server_metrics && sc.server_metrics->gauge_samples > 0) return true;
  }
  return false;
}

std::map<std::string, SectionExtras> extras_for(const RunResult& run,
                                                const std::vector<RequestRecord>* records,
                                                const TelemetrySeries* telemetry,
                                                const Messages& m) {
  std::map<std::string, SectionExtras> extras;
  extras["summary"].figures = input_length_figures(run, records, m);
  extras["concurrency"].figures = concurrency_figures(run, records, m);
  std::vector<std::string> notes;
  if (!records) notes.push_back(m.chart_cdf_missing);
  if (telemetry) {
    for (Figure& f : telemetry_figures(*telemetry, m)) extras["concurrency"].figures.push_back(std::move(f));
  } else if (has_telemetry(run)) {
    notes.push_back(m.chart_mem_missing);
  }
  // The notes go where the first missing chart would have been.
  const bool in_summary = !records && !extras["summary"].figures.empty();
  for (const std::string& n : notes) {
    std::string& note = extras[in_summary && n == m.chart_cdf_missing ? "summary" : "concurrency"].note;
    note += (note.empty() ? "" : " ") + n;
  }
  return extras;
}

void write_figure(const Figure& f, std::ostream& out) {
  out << "<figure class=\"chart" << (f.svgs.size() > 1 ? " pair" : "") << "\"><div class=\"panels\">\n";
  for (const std::string& svg : f.svgs) out << "<div class=\"panel\">" << svg << "</div>\n";
  out << "</div><figcaption>" << inline_html(f.caption) << "</figcaption></figure>\n";
}

void write_head(const RunResult& run, Lang lang, const Messages& m, std::ostream& out) {
  const std::string title = m.title;
  out << "<!DOCTYPE html>\n<html lang=\"" << to_string(lang) << "\">\n<head>\n"
      << "<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"sonde " << svg::escape_attr(run.tool_version) << "\">\n"
      << "<title>" << svg::escape_text(title) << " · " << svg::escape_text(run.run_id)
      << "</title>\n<style>" << stylesheet() << "</style>\n</head>\n<body>\n<main>\n";
}

void write_toc(const std::vector<Block>& blocks, const Messages& m, std::ostream& out) {
  out << "<nav class=\"toc\" aria-label=\"" << svg::escape_attr(m.html_contents) << "\"><strong>"
      << svg::escape_text(m.html_contents) << "</strong><ol>\n";
  std::size_t index = 0;
  for (const Block& b : blocks) {
    if (b.kind != Block::Kind::heading || b.level != 2) continue;
    out << "<li><a href=\"#" << section_id(b.items[0], m, index++) << "\">"
        << inline_html(b.items[0]) << "</a></li>\n";
  }
  out << "</ol></nav>\n";
}

void close_section(const SectionExtras* extras, std::ostream& out) {
  if (extras && !extras->figures.empty()) {
    // Two columns; single charts pack side by side, pairs take a whole row.
    out << "<div class=\"figures\">\n";
    for (const Figure& f : extras->figures) write_figure(f, out);
    out << "</div>\n";
  }
  if (extras) {
    if (!extras->note.empty()) out << "<p class=\"note\">" << inline_html(extras->note) << "</p>\n";
  }
  out << "</section>\n";
}

}  // namespace
}  // namespace report::html

void write_html_report(const RunResult& run, const std::vector<RequestRecord>* records, Lang lang,
                       std::ostream& out, const TelemetrySeries* telemetry,
                       const report::ConclusionOptions& conclusions) {
  using namespace report::html;
  const report::Messages& m = report::messages(lang);
  std::ostringstream md;
  write_markdown_report(run, lang, md, conclusions);
  const std::vector<Block> blocks = parse_blocks(md.str());
  auto extras = extras_for(run, records, telemetry, m);

  write_head(run, lang, m, out);
  out << "<header>\n";
  bool in_section = false;
  const report::html::SectionExtras* current = nullptr;
  std::size_t index = 0;
  for (const Block& b : blocks) {
    if (b.kind == Block::Kind::heading && b.level == 2) {
      if (in_section) close_section(current, out);
      else out << "</header>\n", write_toc(blocks, m, out);
      const std::string id = section_id(b.items[0], m, index++);
      const auto it = extras.find(id);
      current = it == extras.end() ? nullptr : &it->second;
      out << "<section id=\"" << id << "\">\n";
      in_section = true;
    }
    const bool meta = !in_section && b.kind == Block::Kind::paragraph && b.items[0].rfind("**", 0) != 0;
    if (meta) out << "<p class=\"meta\">" << inline_html(b.items[0]) << "</p>\n";
    else out << render_block(b);
  }
  if (in_section) close_section(current, out);
  else out << "</header>\n";
  out << "</main>\n</body>\n</html>\n";
}

}  // namespace sonde
