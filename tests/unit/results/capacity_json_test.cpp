// capacity.json and run.json's `capacity` and `steady_state`: both ways, and against the schema.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "results/atomic_file.hpp"
#include "results/capacity_json.hpp"
#include "results/json.hpp"
#include "support/test_files.hpp"
#include "synth_run.hpp"

namespace sonde {
namespace {

CapacityResult sample_capacity() {
  CapacityResult c;
  c.slos = parse_goodput("ttft:500 tpot:50", "--goodput");
  c.target_pct = 90;
  c.max_load = 64;
  c.status = "found";
  c.capacity = 12;
  c.capacity_rps = 12;
  c.capacity_output_tps = 1530.5;
  c.bracket_lo = 12;
  c.bracket_hi = 13;
  CapacityProbe p;
  p.scenario = "capacity_01_rate_12";
  p.load = p.rate = 12;
  p.attainment_pct = 93.5;
  p.passed = true;
  p.completed = 240;
  p.output_throughput = 1530.5;
  p.ttft_ms = {120, 250, 480};
  p.tpot_ms = {20, 30, 41};
  c.probes = {p};
  p.scenario = "capacity_02_rate_24";
  p.load = p.rate = 24;
  p.passed = false;
  p.saturated = true;
  p.verification = false;
  p.failed = 30;
  c.probes.push_back(p);
  return c;
}

TEST(CapacityJson, RoundTripsEveryField) {
  const CapacityResult c = sample_capacity();
  const nlohmann::json j = c;
  EXPECT_EQ(1, j.at("schema_version"));
  EXPECT_EQ(nlohmann::json::array({12.0, 13.0}), j.at("bracket"));
  EXPECT_EQ(12, j.at("capacity_rps"));
  EXPECT_EQ(250, j.at("probes").at(0).at("ttft_ms").at("p90"));
  const CapacityResult back = j.get<CapacityResult>();
  EXPECT_EQ(nlohmann::json(back), j);
  EXPECT_EQ(c.slos, back.slos);
  EXPECT_TRUE(back.probes[1].saturated);
}

TEST(CapacityJson, UnsetAnswerIsNull) {
  CapacityResult c = sample_capacity();
  c.status = "lowest_fails";
  c.capacity.reset();
  c.capacity_rps.reset();
  c.capacity_output_tps.reset();
  const nlohmann::json j = c;
  EXPECT_TRUE(j.at("capacity").is_null());
  EXPECT_FALSE(j.get<CapacityResult>().capacity);
}

TEST(CapacityJson, RunJsonCarriesCapacityAndSteadyStateAndMatchesTheSchema) {
  RunResult run = testing::synth_seed_run();
  run.capacity = sample_capacity();
  SteadyState ss;
  ss.start_ms = 1000;
  ss.end_ms = 21000;
  ss.requests = 240;
  ss.request_throughput = 11.9;
  ss.output_throughput = 1523;
  ss.total_token_throughput = 4570;
  ss.attainment_pct = 93.5;
  run.scenarios.front().steady_state = ss;
  run.scenarios.front().saturated = true;
  const RunResult back = nlohmann::json::parse(run_json_text(run)).get<RunResult>();
  ASSERT_TRUE(back.capacity);
  EXPECT_EQ(nlohmann::json(*back.capacity), nlohmann::json(*run.capacity));
  ASSERT_TRUE(back.scenarios.front().steady_state);
  EXPECT_EQ(nlohmann::json(*back.scenarios.front().steady_state), nlohmann::json(ss));
  EXPECT_TRUE(back.scenarios.front().saturated);
  EXPECT_FALSE(back.scenarios.back().saturated);

  const std::filesystem::path dir = test::scratch_dir() / "capacity_json_test";
  std::filesystem::create_directories(dir);
  write_file_atomic(dir / "run.json", run_json_text(run));
  const std::string cmd = std::string("python3 ") + SONDE_SOURCE_DIR +
                          "/tests/tools/validate_json.py " + SONDE_SOURCE_DIR +
                          "/schema/run.schema.json '" + (dir / "run.json").string() + "'";
  EXPECT_EQ(0, std::system(cmd.c_str()));
}

}  // namespace
}  // namespace sonde
