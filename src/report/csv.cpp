#include "report/csv.hpp"

#include <fmt/format.h>

#include <cmath>
#include <functional>

#include "report/sections.hpp"

namespace sonde {

namespace {

// Fixed decimals, trailing zeros dropped; "" for NaN (a blank cell, not "nan").
std::string num(double v, int decimals = 3) {
  if (!std::isfinite(v)) return "";
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

struct Column {
  const char* name;  // header, unit-suffixed
  std::function<std::string(const RunResult&, const ScenarioResult&)> value;
};

using R = const RunResult&;
using S = const ScenarioResult&;

// A distribution's statistic as a column: ("ttft", "p50", "ms") -> ttft_p50_ms.
#define SONDE_DIST(prefix, field, stat, unit)                                   \
  Column {                                                                      \
    prefix "_" #stat "_" unit, [](R, S s) { return num(s.summary.field.stat); } \
  }

const std::vector<Column>& columns() {
  static const std::vector<Column> cols{
      {"run_id", [](R r, S) { return r.run_id; }},
      {"scenario", [](R, S s) { return s.spec.name; }},
      {"load", [](R, S s) { return std::string(to_string(s.spec.load)); }},
      {"concurrency", [](R, S s) { return std::to_string(s.spec.concurrency); }},
      {"request_rate_rps", [](R, S s) { return num(s.spec.request_rate); }},
      {"max_concurrency", [](R, S s) { return std::to_string(s.spec.max_concurrency); }},
      {"requests", [](R, S s) { return std::to_string(s.spec.requests); }},
      {"input_len_tokens", [](R, S s) { return std::to_string(s.spec.input_len); }},
      {"output_len_tokens", [](R, S s) { return std::to_string(s.spec.output_len); }},
      {"completed", [](R, S s) { return std::to_string(s.summary.completed); }},
      {"failed", [](R, S s) { return std::to_string(s.summary.failed); }},
      {"errors", [](R, S s) { return report::error_kinds(s.summary.errors); }},
      {"output_len_mismatches",
       [](R, S s) { return std::to_string(s.summary.output_len_mismatches); }},
      {"duration_s", [](R, S s) { return num(s.summary.duration_s); }},
      {"request_throughput_rps", [](R, S s) { return num(s.summary.request_throughput, 4); }},
      {"output_throughput_tok_s", [](R, S s) { return num(s.summary.output_throughput); }},
      {"total_token_throughput_tok_s", [](R, S s) { return num(s.summary.total_token_throughput); }},
      SONDE_DIST("input_tokens", input_tokens, mean, "tokens"),
      SONDE_DIST("output_tokens", output_tokens, mean, "tokens"),
      SONDE_DIST("ttft", ttft_ms, mean, "ms"),
      SONDE_DIST("ttft", ttft_ms, p50, "ms"),
      SONDE_DIST("ttft", ttft_ms, p90, "ms"),
      SONDE_DIST("ttft", ttft_ms, p99, "ms"),
      SONDE_DIST("ttft", ttft_ms, max, "ms"),
      SONDE_DIST("tpot", tpot_ms, mean, "ms"),
      SONDE_DIST("tpot", tpot_ms, p50, "ms"),
      SONDE_DIST("tpot", tpot_ms, p99, "ms"),
      SONDE_DIST("itl", itl_ms, mean, "ms"),
      SONDE_DIST("itl", itl_ms, p50, "ms"),
      SONDE_DIST("itl", itl_ms, p99, "ms"),
      SONDE_DIST("e2el", e2el_ms, mean, "ms"),
      SONDE_DIST("e2el", e2el_ms, p50, "ms"),
      SONDE_DIST("e2el", e2el_ms, p99, "ms"),
      SONDE_DIST("e2el", e2el_ms, min, "ms"),
      SONDE_DIST("e2el", e2el_ms, max, "ms"),
      SONDE_DIST("decode", decode_ms, mean, "ms"),
      SONDE_DIST("decode_speed", decode_tokens_per_s, mean, "tok_s"),
      SONDE_DIST("e2e_speed", e2e_tokens_per_s, mean, "tok_s"),
      SONDE_DIST("ttft_corrected", ttft_ms_corrected, p99, "ms"),
      SONDE_DIST("e2el_corrected", e2el_ms_corrected, p99, "ms"),
      SONDE_DIST("client_queue", client_queue_ms, max, "ms"),
      {"calibration_method", [](R, S s) { return s.calibration.method; }},
      {"calibration_max_error_pct", [](R, S s) { return num(s.calibration.max_error_pct); }},
  };
  return cols;
}

#undef SONDE_DIST

}  // namespace

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> summary_csv_columns() {
  std::vector<std::string> names;
  for (const Column& c : columns()) names.emplace_back(c.name);
  return names;
}

void write_summary_csv(const RunResult& run, std::ostream& out) {
  out << "\xEF\xBB\xBF";  // UTF-8 byte-order mark: Excel otherwise guesses a legacy code page
  const auto& cols = columns();
  for (std::size_t i = 0; i < cols.size(); ++i) out << (i ? "," : "") << cols[i].name;
  out << "\r\n";
  for (const ScenarioResult& sc : run.scenarios) {
    for (std::size_t i = 0; i < cols.size(); ++i) {
      out << (i ? "," : "") << csv_field(cols[i].value(run, sc));
    }
    out << "\r\n";
  }
}

}  // namespace sonde
