// The sweep's summary.csv: one row per point x scenario, joules per output token where measured.
#include "report/sweep_csv.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace sonde {
namespace {

std::vector<std::vector<std::string>> rows_of(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(csv.substr(3));  // after the BOM
  for (std::string line; std::getline(in, line, '\n');) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1)
      cells.push_back(line.substr(start, comma - start));
    cells.push_back(line.substr(start));
    rows.push_back(cells);
  }
  return rows;
}

TEST(SweepCsv, JoulesPerOutputTokenWhereMeasured) {
  SweepResult sweep;
  PointResult measured;
  measured.name = "p01";
  ScenarioResult with, without;
  with.spec.name = "a";
  without.spec.name = "b";
  EnergyRecord e;
  e.joules = 500;
  e.output_tokens = 2000;
  e.joules_per_output_token = 0.25;
  with.energy = e;
  RunResult run;
  run.scenarios = {with, without};
  measured.runs = {run};
  PointResult failed;
  failed.name = "p02";
  failed.status = PointStatus::oom_startup;
  sweep.points = {measured, failed};
  const auto rows = rows_of(sweep_csv(sweep));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].back(), "joules_per_output_token");
  for (const auto& r : rows) EXPECT_EQ(r.size(), rows[0].size()) << r[0];
  EXPECT_EQ(rows[1].back(), "0.25");
  EXPECT_EQ(rows[2].back(), "");  // not measured: empty, not 0
  EXPECT_EQ(rows[3][1], "oom_startup");
}

}  // namespace
}  // namespace sonde
