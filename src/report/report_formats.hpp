#pragma once
// Which report files `sonde report DIR --format md,html,csv` (re)writes.
#include <string>

namespace sonde {

struct ReportFormats {
  bool md = true;    // report.md
  bool html = true;  // report.html
  bool csv = true;   // summary.csv
};

// "md,html,csv" in any order and subset ("all" = every one). Throws UsageError naming
// `flag` when a name is unknown or none is given.
ReportFormats parse_formats(const std::string& text, const std::string& flag = "--format");

}  // namespace sonde
