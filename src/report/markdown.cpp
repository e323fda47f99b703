#include "report/markdown.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "report/format.hpp"
#include "report/messages.hpp"
#include "report/sections.hpp"

namespace sonde {

bool is_input_length_scenario(const ScenarioSpec& spec) {
  return spec.load == LoadShape::closed && spec.concurrency == 1;
}

namespace report {
namespace {

// Markdown table cell: a '|' inside a scenario name must not split the row.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string or_missing(const std::string& s) { return s.empty() ? kMissing : s; }

// "| --- | --- |" with as many columns as the header row has.
std::string separator_for(const std::string& header) {
  std::string sep = "|";
  for (std::size_t i = 1; i < header.size(); ++i) {
    if (header[i] == '|') sep += " --- |";
  }
  return sep;
}

void write_header(const RunResult& run, const Messages& m, std::ostream& out) {
  out << "# " << m.title << "\n\n";
  if (run.simulated) {
    out << fmt::format(fmt::runtime(m.sim_banner),
                       fmt::arg("profile", or_missing(run.sim_profile)),
                       fmt::arg("speed", trimmed(run.sim_speed, 2)))
        << "\n\n";
  }
  if (!run.complete) {
    out << fmt::format(fmt::runtime(m.incomplete), fmt::arg("reason", or_missing(run.incomplete_reason)))
        << "\n\n";
  }
  out << fmt::format(fmt::runtime(m.run_meta), fmt::arg("run_id", run.run_id),
                     fmt::arg("started", or_missing(run.started_at)),
                     fmt::arg("finished", or_missing(run.finished_at)),
                     fmt::arg("version", run.tool_version))
      << "\n\n";
}

void write_environment(const RunResult& run, const Messages& m, std::ostream& out) {
  const std::string nr = m.not_recorded;
  const std::string gpu =
      run.simulated ? fmt::format(fmt::runtime(m.simulated_gpu), fmt::arg("profile", run.sim_profile))
                    : nr;
  std::string model = run.target.model.empty() ? nr : "`" + run.target.model + "`";
  if (!run.server.model_root.empty() && run.server.model_root != run.target.model) {
    model += " (`" + run.server.model_root + "`)";
  }
  const std::vector<std::pair<const char*, std::string>> rows{
      {m.env_cpu, nr},
      {m.env_gpu, gpu},
      {m.env_vram, nr},
      {m.env_gpu_count, nr},
      {m.env_os, nr},
      {m.env_cuda, nr},
      {m.env_driver, nr},
      {m.env_vllm, run.server.version.empty() ? nr : run.server.version},
      {m.env_model, model},
      {m.env_max_model_len, run.server.max_model_len > 0 ? integer(run.server.max_model_len) : nr},
      {m.env_tp, nr},
      {m.env_quant, nr},
      {m.env_chunked, nr},
      {m.env_target, "`" + run.target.base_url + "`"},
  };
  out << m.env_heading << "\n\n";
  for (const auto& [label, value] : rows) out << "- **" << label << "**: " << value << "\n";
  out << "\n" << m.env_hint << "\n\n";
  out << fmt::format(fmt::runtime(m.conditions), fmt::arg("endpoint", run.target.endpoint),
                     fmt::arg("ignore_eos", run.options.ignore_eos ? m.on : m.off),
                     fmt::arg("warmup", run.options.warmup),
                     fmt::arg("corpus", run.options.corpus), fmt::arg("seed", run.options.seed),
                     fmt::arg("timeout", trimmed(run.options.timeout_s, 1)))
      << "\n\n";
}

std::string notes(const ScenarioSummary& s, const Messages& m) {
  std::string text = fmt::format(fmt::runtime(m.note_ok), fmt::arg("completed", s.completed),
                                 fmt::arg("total", s.completed + s.failed));
  if (s.failed > 0) {
    text += "; " + fmt::format(fmt::runtime(m.note_failed), fmt::arg("n", s.failed),
                               fmt::arg("kinds", error_kinds(s.errors)));
  }
  if (s.output_len_mismatches > 0) {
    text += "; " + fmt::format(fmt::runtime(m.note_mismatch), fmt::arg("n", s.output_len_mismatches));
  }
  return text;
}

void write_summary(const RunResult& run, const Messages& m, std::ostream& out) {
  out << m.sum_heading << "\n\n";
  std::vector<const ScenarioResult*> rows;
  for (const auto& sc : run.scenarios) {
    if (is_input_length_scenario(sc.spec)) rows.push_back(&sc);
  }
  if (rows.empty()) {
    out << m.sum_none << "\n\n";
    return;
  }
  out << m.sum_intro << "\n\n" << m.sum_header << "\n" << separator_for(m.sum_header) << "\n";
  for (const ScenarioResult* sc : rows) {
    const ScenarioSummary& s = sc->summary;
    out << "| " << cell(sc->spec.name) << " | " << integer(sc->spec.input_len) << " / "
        << number(s.input_tokens.mean, 0) << " | " << seconds_from_ms(s.e2el_ms.mean) << " | "
        << autonum(s.decode_tokens_per_s.mean) << " / " << autonum(s.e2e_tokens_per_s.mean)
        << " | " << autonum(s.ttft_ms.mean) << " / " << autonum(s.ttft_ms.p50) << " | "
        << autonum(s.tpot_ms.mean) << " | " << seconds_from_ms(s.decode_ms.mean) << " | "
        << kMissing << " | " << notes(s, m) << " |\n";
  }
  out << "\n" << m.vram_note << "\n\n";
}

std::string concurrency_cell(const ScenarioSpec& spec, const Messages& m) {
  if (spec.load != LoadShape::rate) return std::to_string(spec.concurrency);
  if (spec.max_concurrency <= 0) {
    return fmt::format(fmt::runtime(m.rate_cell_unbounded), fmt::arg("rate", trimmed(spec.request_rate, 3)));
  }
  return fmt::format(fmt::runtime(m.rate_cell), fmt::arg("rate", trimmed(spec.request_rate, 3)),
                     fmt::arg("max", spec.max_concurrency));
}

void write_rate_notes(const std::vector<const ScenarioResult*>& rows, const Messages& m,
                      std::ostream& out) {
  bool any = false;
  for (const ScenarioResult* sc : rows) {
    if (sc->spec.load != LoadShape::rate) continue;
    const ScenarioSummary& s = sc->summary;
    out << "- "
        << fmt::format(fmt::runtime(m.rate_corrected), fmt::arg("name", sc->spec.name),
                       fmt::arg("e2el_mean", seconds_from_ms(s.e2el_ms_corrected.mean)),
                       fmt::arg("e2el_p99", seconds_from_ms(s.e2el_ms_corrected.p99)),
                       fmt::arg("ttft_p99", autonum(s.ttft_ms_corrected.p99)),
                       fmt::arg("queue_max", autonum(s.client_queue_ms.max)))
        << "\n";
    any = true;
  }
  if (any) out << "\n";
}

void write_concurrency(const RunResult& run, const Messages& m, std::ostream& out) {
  out << m.conc_heading << "\n\n";
  std::vector<const ScenarioResult*> rows;
  for (const auto& sc : run.scenarios) {
    if (!is_input_length_scenario(sc.spec)) rows.push_back(&sc);
  }
  if (rows.empty()) {
    out << m.conc_none << "\n\n";
    return;
  }
  out << m.conc_intro << "\n\n" << m.conc_header << "\n" << separator_for(m.conc_header) << "\n";
  for (const ScenarioResult* sc : rows) {
    const ScenarioSummary& s = sc->summary;
    out << "| " << concurrency_cell(sc->spec, m) << " | " << cell(sc->spec.name) << " ("
        << to_string(sc->spec.load) << ") | " << integer(sc->spec.input_len) << " / "
        << integer(sc->spec.output_len) << " | " << seconds_from_ms(s.e2el_ms.mean) << " | "
        << seconds_from_ms(s.e2el_ms.max) << " | " << seconds_from_ms(s.e2el_ms.min) << " | "
        << autonum(s.output_throughput) << " | " << autonum(s.request_throughput) << " | "
        << autonum(s.ttft_ms.p50) << " / " << autonum(s.ttft_ms.p99) << " | " << s.failed
        << " |\n";
  }
  out << "\n";
  write_rate_notes(rows, m, out);
}

void write_chunked_prefill(const RunResult& run, const Messages& m, std::ostream& out) {
  out << m.chunk_heading << "\n\n" << m.chunk_text << "\n\n";
  std::vector<int64_t> lengths;
  for (const auto& sc : run.scenarios) {
    if (is_input_length_scenario(sc.spec)) lengths.push_back(sc.spec.input_len);
  }
  if (lengths.empty()) return;
  out << m.chunk_header << "\n" << separator_for(m.chunk_header) << "\n";
  for (int64_t len : lengths) {
    out << "| " << integer(len) << " | " << kMissing << " | " << kMissing << " | " << kMissing
        << " |\n";
  }
  out << "\n";
}

}  // namespace
}  // namespace report

void write_markdown_report(const RunResult& run, Lang lang, std::ostream& out) {
  const report::Messages& m = report::messages(lang);
  report::write_header(run, m, out);
  report::write_environment(run, m, out);
  report::write_summary(run, m, out);
  report::write_concurrency(run, m, out);
  report::write_chunked_prefill(run, m, out);
  report::write_conclusions(run, m, out);
}

}  // namespace sonde
