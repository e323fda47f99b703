#include "sweep/sweep_file.hpp"

#include <fmt/format.h>

namespace sonde {
namespace {

bool matches(const FlagSet& point, const FlagSet& pattern) {
  for (const auto& [flag, value] : pattern) {
    bool found = false;
    for (const auto& [f, v] : point)
      found = found || (f == flag && flag_value_text(v) == flag_value_text(value));
    if (!found) return false;
  }
  return true;
}

std::string point_name(std::size_t index) { return fmt::format("p{:02}", index + 1); }

}  // namespace

std::vector<SweepPoint> expand_points(const SweepSpec& spec) {
  std::vector<FlagSet> sets{FlagSet{}};
  for (const auto& [flag, values] : spec.axes) {
    std::vector<FlagSet> next;
    for (const auto& partial : sets) {
      for (const auto& v : values) {
        FlagSet s = partial;
        s.emplace_back(flag, v);
        next.push_back(std::move(s));
      }
    }
    sets = std::move(next);
  }
  if (spec.axes.empty()) sets.clear();
  std::vector<SweepPoint> out;
  for (const auto& s : sets) {
    bool excluded = false;
    for (const auto& e : spec.excludes) excluded = excluded || matches(s, e);
    if (!excluded) out.push_back(SweepPoint{point_name(out.size()), s});
  }
  for (const auto& extra : spec.extra_points)
    out.push_back(SweepPoint{point_name(out.size()), extra});
  return out;
}

std::string describe(const FlagSet& flags) {
  std::string out;
  for (const auto& [flag, value] : flags)
    out += fmt::format("{}{}={}", out.empty() ? "" : ", ", flag, flag_value_text(value));
  return out.empty() ? "(defaults)" : out;
}

const FlagValue* find_flag(const SweepSpec& spec, const SweepPoint& point, const std::string& flag) {
  for (const auto& [f, v] : point.flags) {
    if (f == flag) return &v;
  }
  for (const auto& [f, v] : spec.fixed_args) {
    if (f == flag) return &v;
  }
  return nullptr;
}

}  // namespace sonde
