#include "report/markdown.hpp"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

#include "analysis/validity.hpp"
#include "report/format.hpp"
#include "report/messages.hpp"
#include "report/run_document.hpp"
#include "report/sections.hpp"
#include "report/server_side.hpp"
#include "report/traffic_section.hpp"

namespace sonde {

bool is_input_length_scenario(const ScenarioSpec& spec) {
  // A dataset's or trace's rows have lengths of their own, not one input length to chart; a
  // conversation's prompts grow turn by turn.
  if (std::holds_alternative<DatasetSource>(spec.source) ||
      std::holds_alternative<TraceSource>(spec.source) ||
      std::holds_alternative<ConversationSource>(spec.source)) {
    return false;
  }
  return spec.load == LoadShape::closed && spec.concurrency == 1;
}

namespace report {

std::string name_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

namespace {

std::string or_missing(const std::string& s) { return s.empty() ? kMissing : s; }

// The scenarios that failed closed, each with why; nothing when the run is valid.
std::optional<doc::Note> invalid_note(const RunResult& run, const Messages& m) {
  std::string list;
  for (const auto& s : run.scenarios) {
    for (InvalidReason r : s.invalid_reasons) {
      // "No request succeeded (6 of 6 failed)" already says the failed share.
      if (r == InvalidReason::too_many_failed && !s.valid && s.summary.completed == 0) continue;
      const int total = s.summary.completed + s.summary.failed;
      const std::string item =
          r == InvalidReason::no_success
              ? m.invalid_no_success.format(arg<"name">(s.spec.name),
                                            arg<"failed">(integer(s.summary.failed)),
                                            arg<"total">(integer(total)))
              : m.invalid_too_many.format(arg<"name">(s.spec.name),
                                          arg<"pct">(trimmed(analysis::failed_pct(s.summary), 1)),
                                          arg<"max">(trimmed(run.options.max_failed_pct, 2)));
      list += (list.empty() ? "" : "; ") + item;
    }
  }
  if (list.empty()) return std::nullopt;
  return doc::Note{m.invalid_banner.format(arg<"list">(list))};
}

std::vector<doc::Block> header(const RunResult& run, const Messages& m) {
  using Style = doc::Paragraph::Style;
  std::vector<doc::Block> out{doc::Heading{1, m.title}};
  if (run.simulated) {
    out.push_back(doc::Paragraph{m.sim_banner.format(arg<"profile">(or_missing(run.sim_profile)),
                                                     arg<"speed">(trimmed(run.sim_speed, 2))),
                                 Style::banner});
    if (run.sim_detected) {
      out.push_back(doc::Note{m.sim_detected.format(arg<"url">(run.target.base_url))});
    }
  }
  if (!run.complete) {
    out.push_back(doc::Note{m.incomplete.format(arg<"reason">(or_missing(run.incomplete_reason)))});
  }
  if (auto note = invalid_note(run, m)) out.push_back(std::move(*note));
  out.push_back(doc::Paragraph{
      m.run_meta.format(arg<"run_id">(run.run_id), arg<"started">(or_missing(run.started_at)),
                        arg<"finished">(or_missing(run.finished_at)),
                        arg<"version">(run.tool_version)),
      Style::meta});
  return out;
}

// The server-side cells of one scenario's row; "—" for what was not recorded.
struct ServerCells {
  std::string queue_prefill = kMissing;  // vLLM queue / prefill mean, ms
  std::string decode_s = kMissing;       // vLLM decode time mean, s
  std::string kv_peak = kMissing;        // KV-cache usage peak, %
  std::string waiting_peak = kMissing;   // requests waiting, peak
  std::string preemptions = kMissing;    // preemptions during the scenario
  std::string vram = kMissing;           // busiest GPU: peak used / total, GiB
};

ServerCells server_cells(const ScenarioResult& sc) {
  ServerCells c;
  if (const auto d = server_metrics_of(sc)) {
    c.queue_prefill = autonum(d->queue_ms.mean) + " / " + autonum(d->prefill_ms.mean);
    c.decode_s = seconds_from_ms(d->decode_ms.mean);
    c.kv_peak = percent(d->kv_cache_usage_peak);
    c.waiting_peak = number(d->num_requests_waiting_peak, 0);
    if (d->num_preemptions) c.preemptions = integer(*d->num_preemptions);
  }
  if (const auto rec = gpu_memory_of(sc)) {
    if (const auto g = busiest_gpu(*rec)) {
      c.vram = number(gib(*g->peak_used_bytes), 1) + " / " +
               (g->total_bytes ? number(gib(*g->total_bytes), 1) : std::string(kMissing));
    }
  }
  return c;
}

std::string notes(const ScenarioSummary& s, const Messages& m) {
  std::string text =
      m.note_ok.format(arg<"completed">(s.completed), arg<"total">(s.completed + s.failed));
  if (s.failed > 0) {
    text += "; " + m.note_failed.format(arg<"n">(s.failed), arg<"kinds">(error_kinds(s.errors)));
  }
  if (s.output_len_mismatches > 0) {
    text += "; " + m.note_mismatch.format(arg<"n">(s.output_len_mismatches));
  }
  return text;
}

// Under --goodput: a last column with each scenario's share of good requests and its goodput.
void add_goodput_column(doc::Table& table, const std::vector<const ScenarioResult*>& rows,
                        const RunResult& run, const Messages& m) {
  if (!run.options.goodput.any()) return;
  table.header.push_back(m.goodput_header.format(arg<"slos">(to_string(run.options.goodput))));
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& g = rows[k]->goodput;
    table.rows[k].push_back(!g ? std::string(kMissing)
                               : m.goodput_cell.format(arg<"pct">(trimmed(g->attainment_pct, 1)),
                                                       arg<"good">(integer(g->good)),
                                                       arg<"total">(integer(g->total)),
                                                       arg<"rate">(autonum(g->request_goodput))));
  }
}

// One line per scenario whose streams carried reasoning; nothing for other models.
void reasoning_notes(const std::vector<const ScenarioResult*>& rows, const Messages& m,
                     std::vector<doc::Block>& out) {
  doc::List list;
  for (const ScenarioResult* sc : rows) {
    const ScenarioSummary& s = sc->summary;
    if (s.reasoning_tokens.count == 0) continue;
    list.items.push_back(
        {m.reasoning_line.format(arg<"name">(sc->spec.name), arg<"ttfo_p50">(autonum(s.ttfo_ms.p50)),
                                 arg<"ttfo_p99">(autonum(s.ttfo_ms.p99)),
                                 arg<"ttft_p50">(autonum(s.ttft_ms.p50)),
                                 arg<"tokens_p50">(autonum(s.reasoning_tokens.p50)),
                                 arg<"tokens_p99">(autonum(s.reasoning_tokens.p99))),
         {}});
  }
  if (!list.items.empty()) out.push_back(std::move(list));
}

// Sets `noted` when the table (and with it the server-side note) was written.
doc::Section summary(const RunResult& run, const Messages& m, bool& noted) {
  doc::Section section{"summary", m.sum_heading, {}};
  std::vector<const ScenarioResult*> rows;
  for (const auto& sc : run.scenarios) {
    if (is_input_length_scenario(sc.spec)) rows.push_back(&sc);
  }
  noted = !rows.empty();
  if (rows.empty()) {
    section.blocks.push_back(doc::Paragraph{m.sum_none});
    return section;
  }
  section.blocks.push_back(doc::Paragraph{m.sum_intro});
  doc::Table table{doc::header_cells(m.sum_header), {}, {}};
  for (const ScenarioResult* sc : rows) {
    const ScenarioSummary& s = sc->summary;
    const ServerCells srv = server_cells(*sc);
    table.rows.push_back(
        {sc->spec.name, integer(sc->spec.input_len) + " / " + number(s.input_tokens.mean, 0),
         seconds_from_ms(s.e2el_ms.mean),
         autonum(s.decode_tokens_per_s.mean) + " / " + autonum(s.e2e_tokens_per_s.mean),
         autonum(s.ttft_ms.mean) + " / " + autonum(s.ttft_ms.p50), srv.queue_prefill,
         autonum(s.tpot_ms.mean), seconds_from_ms(s.decode_ms.mean) + " / " + srv.decode_s,
         srv.kv_peak, srv.vram, notes(s, m)});
  }
  add_goodput_column(table, rows, run, m);
  std::vector<doc::Block> energy;
  add_energy_column(table, rows, m, energy);
  section.blocks.push_back(std::move(table));
  section.blocks.push_back(doc::Paragraph{m.server_note});
  for (auto& b : energy) section.blocks.push_back(std::move(b));
  reasoning_notes(rows, m, section.blocks);
  spec_decode_notes(rows, m, section.blocks);
  return section;
}

std::string concurrency_cell(const ScenarioSpec& spec, const Messages& m) {
  if (const auto* trace = std::get_if<TraceSource>(&spec.source)) {
    return m.case_trace.format(arg<"speedup">(trimmed(trace->speedup, 3)));
  }
  if (spec.load != LoadShape::rate) return std::to_string(spec.concurrency);
  if (spec.max_concurrency <= 0) {
    return m.rate_cell_unbounded.format(arg<"rate">(rate_label(spec)));
  }
  return m.rate_cell.format(arg<"rate">(rate_label(spec)), arg<"max">(spec.max_concurrency));
}

void rate_notes(const std::vector<const ScenarioResult*>& rows, const Messages& m,
                std::vector<doc::Block>& out) {
  doc::List list;
  for (const ScenarioResult* sc : rows) {
    if (sc->spec.load != LoadShape::rate) continue;
    const ScenarioSummary& s = sc->summary;
    list.items.push_back(
        {m.rate_corrected.format(arg<"name">(sc->spec.name),
                                 arg<"e2el_mean">(seconds_from_ms(s.e2el_ms_corrected.mean)),
                                 arg<"e2el_p99">(seconds_from_ms(s.e2el_ms_corrected.p99)),
                                 arg<"ttft_p99">(autonum(s.ttft_ms_corrected.p99)),
                                 arg<"queue_max">(autonum(s.client_queue_ms.max))),
         {}});
  }
  if (!list.items.empty()) out.push_back(std::move(list));
}

// Each conversation scenario's figures per turn (stats/turn_summary.hpp), under the table.
void turn_tables(const std::vector<const ScenarioResult*>& rows, const Messages& m,
                 std::vector<doc::Block>& out) {
  for (const ScenarioResult* sc : rows) {
    const auto* c = std::get_if<ConversationSource>(&sc->spec.source);
    if (c == nullptr || sc->turns.empty()) continue;
    out.push_back(doc::Paragraph{m.turns_intro.format(
        arg<"name">(sc->spec.name), arg<"users">(integer(c->users)),
        arg<"turns">(integer(c->turns)), arg<"think">(trimmed(c->think_time_s, 2)))});
    doc::Table table{doc::header_cells(m.turns_header), {}, {}};
    for (const TurnSummary& t : sc->turns) {
      // "–" where the server did not report cached tokens, or no request fell on that side.
      const auto or_dash = [](const Distribution& d, std::string text) {
        return d.count > 0 ? text : std::string("–");
      };
      table.rows.push_back(
          {integer(t.turn), integer(t.completed) + " / " + integer(t.requests),
           number(t.input_tokens.mean, 0), or_dash(t.cached_tokens, number(t.cached_tokens.mean, 0)),
           autonum(t.ttft_ms.p50) + " / " + autonum(t.ttft_ms.p90) + " / " + autonum(t.ttft_ms.p99),
           or_dash(t.ttft_hit_ms, autonum(t.ttft_hit_ms.p50)) + " / " +
               or_dash(t.ttft_miss_ms, autonum(t.ttft_miss_ms.p50)),
           autonum(t.tpot_ms.p50)});
    }
    out.push_back(std::move(table));
  }
}

// "input / output" tokens; a dataset's or trace's rows vary, so their medians, marked "~".
std::string lengths_cell(const ScenarioResult& sc) {
  // A conversation's prompts grow with its history: their mean, marked "~" too.
  if (std::holds_alternative<ConversationSource>(sc.spec.source) &&
      sc.summary.input_tokens.count > 0) {
    return "~" + number(sc.summary.input_tokens.mean, 0) + " / " + integer(sc.spec.output_len);
  }
  if (!sc.source) return integer(sc.spec.input_len) + " / " + integer(sc.spec.output_len);
  return "~" + integer(sc.source->input_tokens_prepared.p50) + " / ~" +
         integer(sc.source->output_tokens_target.p50);
}

doc::Section concurrency(const RunResult& run, const Messages& m, bool with_note) {
  doc::Section section{"concurrency", m.conc_heading, {}};
  std::vector<const ScenarioResult*> rows;
  for (const auto& sc : run.scenarios) {
    if (!is_input_length_scenario(sc.spec)) rows.push_back(&sc);
  }
  if (rows.empty()) {
    section.blocks.push_back(doc::Paragraph{m.conc_none});
    return section;
  }
  section.blocks.push_back(doc::Paragraph{m.conc_intro});
  doc::Table table{doc::header_cells(m.conc_header), {}, {}};
  for (const ScenarioResult* sc : rows) {
    const ScenarioSummary& s = sc->summary;
    const ServerCells srv = server_cells(*sc);
    table.rows.push_back(
        {concurrency_cell(sc->spec, m), sc->spec.name + " (" + to_string(sc->spec.load) + ")",
         lengths_cell(*sc), seconds_from_ms(s.e2el_ms.mean), seconds_from_ms(s.e2el_ms.max),
         seconds_from_ms(s.e2el_ms.min), autonum(s.output_throughput), autonum(s.request_throughput),
         autonum(s.ttft_ms.p50) + " / " + autonum(s.ttft_ms.p99), srv.queue_prefill, srv.kv_peak,
         srv.waiting_peak, srv.preemptions, srv.vram, std::to_string(s.failed)});
  }
  add_goodput_column(table, rows, run, m);
  std::vector<doc::Block> energy;
  add_energy_column(table, rows, m, energy);
  section.blocks.push_back(std::move(table));
  if (with_note) section.blocks.push_back(doc::Paragraph{m.server_note});
  for (auto& b : energy) section.blocks.push_back(std::move(b));
  rate_notes(rows, m, section.blocks);
  reasoning_notes(rows, m, section.blocks);
  spec_decode_notes(rows, m, section.blocks);
  turn_tables(rows, m, section.blocks);
  return section;
}

doc::Section chunked_prefill(const RunResult& run, const Messages& m) {
  doc::Section section{"chunked-prefill", m.chunk_heading, {doc::Paragraph{m.chunk_text}}};
  std::vector<int64_t> lengths;
  for (const auto& sc : run.scenarios) {
    if (is_input_length_scenario(sc.spec)) lengths.push_back(sc.spec.input_len);
  }
  if (lengths.empty()) return section;
  doc::Table table{doc::header_cells(m.chunk_header), {}, {}};
  for (int64_t len : lengths) table.rows.push_back({integer(len), kMissing, kMissing, kMissing});
  section.blocks.push_back(std::move(table));
  return section;
}

}  // namespace

doc::Document run_document(const RunResult& run, Lang lang, const ConclusionOptions& conclusions,
                           const std::vector<RequestRecord>* records, bool charts) {
  const Messages& m = messages(lang);
  doc::Document d;
  d.lang = to_string(lang);
  d.title = std::string(m.title) + " · " + run.run_id;
  d.generator = run.tool_version;
  d.contents = m.html_contents;
  d.header = header(run, m);
  if (auto w = warnings_section(run, m)) d.sections.push_back(std::move(*w));
  d.sections.push_back(environment_section(run, m));
  bool noted = false;
  d.sections.push_back(summary(run, m, noted));
  d.sections.push_back(concurrency(run, m, !noted));
  if (auto s = traffic_section(run, records, lang, charts)) d.sections.push_back(std::move(*s));
  if (auto c = capacity_section(run, m)) d.sections.push_back(std::move(*c));
  d.sections.push_back(chunked_prefill(run, m));
  doc::Section concl = conclusions_section(run, m, lang, conclusions);
  // What prefix sharing bought joins the facts (the section's first block, a list).
  if (auto* facts = concl.blocks.empty() ? nullptr : std::get_if<doc::List>(&concl.blocks.front())) {
    for (std::string& f : traffic_conclusions(run, records, lang))
      facts->items.push_back({std::move(f), {}});
  }
  d.sections.push_back(std::move(concl));
  return d;
}

}  // namespace report

void write_markdown_report(const RunResult& run, Lang lang, std::ostream& out,
                           const report::ConclusionOptions& conclusions,
                           const std::vector<RequestRecord>* records) {
  report::doc::write_markdown(report::run_document(run, lang, conclusions, records), out);
}

}  // namespace sonde
