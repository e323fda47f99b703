#include "report/report_formats.hpp"

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/text.hpp"

namespace sonde {

ReportFormats parse_formats(const std::string& text, const std::string& flag) {
  ReportFormats f{false, false, false};
  bool any = false;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string name(trim(std::string_view(text).substr(start, comma - start)));
    if (name == "md")
      f.md = true;
    else if (name == "html")
      f.html = true;
    else if (name == "csv")
      f.csv = true;
    else if (name == "all")
      f = {true, true, true};
    else {
      throw UsageError(
          fmt::format("{}: '{}' is not a report format; use md, html, csv or a "
                      "comma-separated list such as md,html",
                      flag, name));
    }
    any = true;
    start = comma + 1;
  }
  if (!any) throw UsageError(fmt::format("{}: name at least one of md, html, csv", flag));
  return f;
}

}  // namespace sonde
