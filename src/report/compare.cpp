#include "report/compare.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "report/sweep_csv.hpp"
#include "report/sweep_markdown.hpp"
#include "results/json.hpp"
#include "util/error.hpp"

namespace sonde {

CompareSide load_compare_side(const std::string& label, const std::string& dir) {
  CompareSide side;
  side.label = label;
  side.dir = dir;
  side.run = read_run_json(std::filesystem::path(dir) / "run.json");
  return side;
}

SweepResult comparison_of(std::vector<CompareSide> sides) {
  SweepResult sweep;
  sweep.tool_version = SONDE_VERSION;
  std::vector<std::string> labels;
  for (const auto& s : sides) {
    sweep.sweep_file += (sweep.sweep_file.empty() ? "" : " vs ") + s.dir;
    labels.push_back(s.label);
  }
  sweep.complete = true;
  sweep.axes.push_back({"run", labels});
  for (auto& side : sides) {
    PointResult p;
    p.name = side.label;
    p.status = PointStatus::ok;
    p.settings.emplace_back("run", side.label);
    for (const auto& s : side.run.server.settings) {
      if (s.name == "enable-chunked-prefill") p.settings.emplace_back(s.name, s.value);
    }
    sweep.started_at = sweep.started_at.empty() ? side.run.started_at : sweep.started_at;
    sweep.finished_at = side.run.finished_at;
    sweep.complete = sweep.complete && side.run.complete;
    p.run_dirs.push_back(side.dir);
    p.runs.push_back(std::move(side.run));
    sweep.points.push_back(std::move(p));
  }
  if (!sweep.complete) sweep.incomplete_reason = "a compared run is incomplete";
  return sweep;
}

std::vector<std::string> parse_labels(const std::string& text, std::size_t count,
                                      const std::string& flag) {
  std::vector<std::string> labels;
  std::size_t from = 0;
  for (;;) {
    const auto comma = text.find(',', from);
    labels.push_back(text.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  bool empty = false;
  for (const auto& l : labels) empty = empty || l.empty();
  if (labels.size() != count || empty) {
    throw UsageError(fmt::format("{}: '{}' must name all {} sides, comma-separated, e.g. ON,OFF",
                                 flag, text, count));
  }
  return labels;
}

void write_compare_markdown(const SweepResult& comparison, Lang lang, std::ostream& out) {
  write_sweep_markdown(comparison, lang, out);
}

void write_compare_csv(const SweepResult& comparison, std::ostream& out) {
  out << sweep_csv(comparison);
}

}  // namespace sonde
