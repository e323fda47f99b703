#pragma once
// summary.csv: one row per scenario with stable, unit-suffixed column names (ttft_p50_ms, ...),
// for spreadsheets. UTF-8 with a byte-order mark so that Excel reads non-ASCII names correctly;
// RFC 4180 quoting and CRLF line ends. Numbers are plain (no thousands separators), empty when
// not measured.
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "results/run_result.hpp"

namespace sonde {

void write_summary_csv(const RunResult& run, std::ostream& out);

// The header row's column names, in order (the file's contract; append, never rename).
std::vector<std::string> summary_csv_columns();

// One RFC 4180 field: quoted (with quotes doubled) when it holds , " CR or LF.
std::string csv_field(std::string_view text);

}  // namespace sonde
