#include "report/markdown.hpp"

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "report/format.hpp"
#include "report/messages.hpp"
#include "report/sections.hpp"
#include "report/server_side.hpp"

namespace sonde {

bool is_input_length_scenario(const ScenarioSpec& spec) {
  // A dataset's or trace's rows have lengths of their own, not one input length to chart.
  if (std::holds_alternative<DatasetSource>(spec.source) || std::holds_alternative<TraceSource>(spec.source)) {
    return false;
  }
  return spec.load == LoadShape::closed && spec.concurrency == 1;
}

namespace report {

std::string md_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string md_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("\\`*_[]<>").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string table_separator(const std::string& header) {
  std::string sep = "|";
  for (std::size_t i = 1; i < header.size(); ++i) {
    if (header[i] == '|') sep += " --- |";
  }
  return sep;
}

std::string name_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

namespace {

std::string or_missing(const std::string& s) { return s.empty() ? kMissing : s; }

void write_header(const RunResult& run, const Messages& m, std::ostream& out) {
  out << "# " << m.title << "\n\n";
  if (run.simulated) {
    out << m.sim_banner.format(arg<"profile">(or_missing(run.sim_profile)),
                               arg<"speed">(trimmed(run.sim_speed, 2)))
        << "\n\n";
  }
  if (!run.complete) {
    out << m.incomplete.format(arg<"reason">(or_missing(run.incomplete_reason)))
        << "\n\n";
  }
  out << m.run_meta.format(arg<"run_id">(run.run_id),
                           arg<"started">(or_missing(run.started_at)),
                           arg<"finished">(or_missing(run.finished_at)),
                           arg<"version">(run.tool_version))
      << "\n\n";
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
  std::string text = m.note_ok.format(arg<"completed">(s.completed),
                                      arg<"total">(s.completed + s.failed));
  if (s.failed > 0) {
    text += "; " + m.note_failed.format(arg<"n">(s.failed),
                                        arg<"kinds">(error_kinds(s.errors)));
  }
  if (s.output_len_mismatches > 0) {
    text += "; " + m.note_mismatch.format(arg<"n">(s.output_len_mismatches));
  }
  return text;
}

// Returns whether the table (and with it the server-side note) was written.
bool write_summary(const RunResult& run, const Messages& m, std::ostream& out) {
  out << m.sum_heading << "\n\n";
  std::vector<const ScenarioResult*> rows;
  for (const auto& sc : run.scenarios) {
    if (is_input_length_scenario(sc.spec)) rows.push_back(&sc);
  }
  if (rows.empty()) {
    out << m.sum_none << "\n\n";
    return false;
  }
  out << m.sum_intro << "\n\n" << m.sum_header << "\n" << table_separator(m.sum_header) << "\n";
  for (const ScenarioResult* sc : rows) {
    const ScenarioSummary& s = sc->summary;
    const ServerCells srv = server_cells(*sc);
    out << "| " << md_cell(sc->spec.name) << " | " << integer(sc->spec.input_len) << " / "
        << number(s.input_tokens.mean, 0) << " | " << seconds_from_ms(s.e2el_ms.mean) << " | "
        << autonum(s.decode_tokens_per_s.mean) << " / " << autonum(s.e2e_tokens_per_s.mean)
        << " | " << autonum(s.ttft_ms.mean) << " / " << autonum(s.ttft_ms.p50) << " | "
        << srv.queue_prefill << " | " << autonum(s.tpot_ms.mean) << " | "
        << seconds_from_ms(s.decode_ms.mean) << " / " << srv.decode_s << " | " << srv.kv_peak
        << " | " << srv.vram << " | " << notes(s, m) << " |\n";
  }
  out << "\n" << m.server_note << "\n\n";
  return true;
}

std::string concurrency_cell(const ScenarioSpec& spec, const Messages& m) {
  if (const auto* trace = std::get_if<TraceSource>(&spec.source)) {
    return m.case_trace.format(arg<"speedup">(trimmed(trace->speedup, 3)));
  }
  if (spec.load != LoadShape::rate) return std::to_string(spec.concurrency);
  if (spec.max_concurrency <= 0) {
    return m.rate_cell_unbounded.format(arg<"rate">(trimmed(spec.request_rate, 3)));
  }
  return m.rate_cell.format(arg<"rate">(trimmed(spec.request_rate, 3)),
                            arg<"max">(spec.max_concurrency));
}

void write_rate_notes(const std::vector<const ScenarioResult*>& rows, const Messages& m,
                      std::ostream& out) {
  bool any = false;
  for (const ScenarioResult* sc : rows) {
    if (sc->spec.load != LoadShape::rate) continue;
    const ScenarioSummary& s = sc->summary;
    out << "- "
        << m.rate_corrected.format(arg<"name">(sc->spec.name),
                                   arg<"e2el_mean">(seconds_from_ms(s.e2el_ms_corrected.mean)),
                                   arg<"e2el_p99">(seconds_from_ms(s.e2el_ms_corrected.p99)),
                                   arg<"ttft_p99">(autonum(s.ttft_ms_corrected.p99)),
                                   arg<"queue_max">(autonum(s.client_queue_ms.max)))
        << "\n";
    any = true;
  }
  if (any) out << "\n";
}

// "input / output" tokens; a dataset's or trace's rows vary, so their medians, marked "~".
std::string lengths_cell(const ScenarioResult& sc) {
  if (!sc.source) return integer(sc.spec.input_len) + " / " + integer(sc.spec.output_len);
  return "~" + integer(sc.source->input_tokens_prepared.p50) + " / ~" +
         integer(sc.source->output_tokens_target.p50);
}

void write_concurrency(const RunResult& run, const Messages& m, bool with_note, std::ostream& out) {
  out << m.conc_heading << "\n\n";
  std::vector<const ScenarioResult*> rows;
  for (const auto& sc : run.scenarios) {
    if (!is_input_length_scenario(sc.spec)) rows.push_back(&sc);
  }
  if (rows.empty()) {
    out << m.conc_none << "\n\n";
    return;
  }
  out << m.conc_intro << "\n\n" << m.conc_header << "\n" << table_separator(m.conc_header) << "\n";
  for (const ScenarioResult* sc : rows) {
    const ScenarioSummary& s = sc->summary;
    const ServerCells srv = server_cells(*sc);
    out << "| " << concurrency_cell(sc->spec, m) << " | " << md_cell(sc->spec.name) << " ("
        << to_string(sc->spec.load) << ") | " << lengths_cell(*sc) << " | " << seconds_from_ms(s.e2el_ms.mean) << " | "
        << seconds_from_ms(s.e2el_ms.max) << " | " << seconds_from_ms(s.e2el_ms.min) << " | "
        << autonum(s.output_throughput) << " | " << autonum(s.request_throughput) << " | "
        << autonum(s.ttft_ms.p50) << " / " << autonum(s.ttft_ms.p99) << " | "
        << srv.queue_prefill << " | " << srv.kv_peak << " | " << srv.waiting_peak << " | "
        << srv.preemptions << " | " << srv.vram << " | " << s.failed << " |\n";
  }
  out << "\n";
  if (with_note) out << m.server_note << "\n\n";
  write_rate_notes(rows, m, out);
}

void write_chunked_prefill(const RunResult& run, const Messages& m, std::ostream& out) {
  out << m.chunk_heading << "\n\n" << m.chunk_text << "\n\n";
  std::vector<int64_t> lengths;
  for (const auto& sc : run.scenarios) {
    if (is_input_length_scenario(sc.spec)) lengths.push_back(sc.spec.input_len);
  }
  if (lengths.empty()) return;
  out << m.chunk_header << "\n" << table_separator(m.chunk_header) << "\n";
  for (int64_t len : lengths) {
    out << "| " << integer(len) << " | " << kMissing << " | " << kMissing << " | " << kMissing
        << " |\n";
  }
  out << "\n";
}

}  // namespace
}  // namespace report

void write_markdown_report(const RunResult& run, Lang lang, std::ostream& out,
                           const report::ConclusionOptions& conclusions) {
  const report::Messages& m = report::messages(lang);
  report::write_header(run, m, out);
  report::write_warnings(run, m, out);
  report::write_environment(run, m, out);
  const bool noted = report::write_summary(run, m, out);
  report::write_concurrency(run, m, !noted, out);
  report::write_chunked_prefill(run, m, out);
  report::write_conclusions(run, m, out, lang, conclusions);
}

}  // namespace sonde
