#include "report/sweep_csv.hpp"

#include <fmt/format.h>

#include <cmath>
#include <sstream>

#include "report/csv.hpp"

namespace sonde {
namespace {

std::string cell(double v) { return std::isfinite(v) ? fmt::format("{:.6g}", v) : ""; }

}  // namespace

// One row per point x scenario (and run): the point's settings, then the headline figures and,
// where the GPUs' energy was measured, joules per output token (docs/metrics.md "Energy").
std::string sweep_csv(const SweepResult& sweep) {
  std::ostringstream out;
  out << "\xEF\xBB\xBF";  // UTF-8 BOM so that spreadsheet programs read Korean text correctly
  std::vector<std::string> header{"point", "status"};
  for (const auto& [flag, values] : sweep.axes) header.push_back(flag);
  // Names (and units) as in a run's summary.csv (report/csv.cpp), so the two line up.
  for (const char* c :
       {"run", "scenario", "input_len_tokens", "output_len_tokens", "load", "concurrency",
        "completed", "failed", "ttft_mean_ms", "ttft_p50_ms", "ttft_p99_ms", "tpot_mean_ms",
        "itl_p99_ms", "e2el_mean_ms", "decode_speed_mean_tok_s", "output_throughput_tok_s",
        "request_throughput_rps", "joules_per_output_token"}) {
    header.push_back(c);
  }
  for (std::size_t i = 0; i < header.size(); ++i) out << (i ? "," : "") << csv_field(header[i]);
  out << "\r\n";
  for (const auto& p : sweep.points) {
    auto prefix = [&] {
      std::string line =
          csv_field(p.name) + "," + csv_field(std::string(point_status_name(p.status)));
      for (const auto& [flag, values] : sweep.axes) {
        std::string v;
        for (const auto& [k, val] : p.settings) v = k == flag ? val : v;
        line += "," + csv_field(v);
      }
      return line;
    };
    if (p.runs.empty()) {
      out << prefix() << std::string(18, ',') << "\r\n";
      continue;
    }
    for (std::size_t r = 0; r < p.runs.size(); ++r) {
      for (const auto& s : p.runs[r].scenarios) {
        const auto& m = s.summary;
        out << prefix() << "," << r + 1 << "," << csv_field(s.spec.name) << "," << s.spec.input_len
            << "," << s.spec.output_len << "," << to_string(s.spec.load) << ","
            << s.spec.concurrency << "," << m.completed << "," << m.failed << ","
            << cell(m.ttft_ms.mean) << "," << cell(m.ttft_ms.p50) << "," << cell(m.ttft_ms.p99)
            << "," << cell(m.tpot_ms.mean) << "," << cell(m.itl_ms.p99) << ","
            << cell(m.e2el_ms.mean) << "," << cell(m.decode_tokens_per_s.mean) << ","
            << cell(m.output_throughput) << "," << cell(m.request_throughput) << ","
            << cell(s.energy ? s.energy->joules_per_output_token : NAN) << "\r\n";
      }
    }
  }
  return out.str();
}

}  // namespace sonde
