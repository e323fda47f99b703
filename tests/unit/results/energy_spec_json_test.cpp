// run.json's per-scenario energy and spec_decode records: written only when measured, read
// back exactly, and valid against schema/run.schema.json.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "results/atomic_file.hpp"
#include "results/json.hpp"
#include "support/test_files.hpp"
#include "synth_run.hpp"

namespace sonde {
namespace {

using nlohmann::json;

EnergyRecord energy() {
  EnergyRecord e;
  e.source = "dcgm:energy_counter";
  e.joules = 1234.5;
  e.mean_power_w = 411.5;
  e.output_tokens = 4000;
  e.joules_per_output_token = 1234.5 / 4000;
  e.per_gpu = {GpuEnergy{0, "NVIDIA H100 80GB HBM3", "energy_counter", 1234.5, 3, 411.5, 650.0},
               GpuEnergy{1, "NVIDIA H100 80GB HBM3", "power_integrated", 0, 3, 0, std::nullopt}};
  return e;
}

SpecDecodeRecord spec_decode() {
  SpecDecodeRecord s;
  s.drafts = 100;
  s.draft_tokens = 300;
  s.accepted_tokens = 210;
  s.acceptance_rate = 0.7;
  s.mean_acceptance_length = 3.1;
  s.acceptance_rate_per_pos = {0.9, 0.7, 0.5};
  return s;
}

TEST(EnergyJson, OnlyWhenMeasuredAndRoundTrips) {
  RunResult run = testing::synth_mixed_run();
  EXPECT_FALSE(json(run.scenarios[0]).contains("energy"));
  EXPECT_FALSE(json(run.scenarios[0]).contains("spec_decode"));
  run.scenarios[0].energy = energy();
  run.scenarios[0].spec_decode = spec_decode();
  const json j = run.scenarios[0];
  EXPECT_EQ(j["energy"]["source"], "dcgm:energy_counter");
  EXPECT_DOUBLE_EQ(j["energy"]["joules_per_output_token"].get<double>(), 1234.5 / 4000);
  EXPECT_TRUE(j["energy"]["per_gpu"][1]["peak_power_w"].is_null());
  EXPECT_EQ(j["spec_decode"]["drafts"], 100);
  EXPECT_FALSE(j["spec_decode"].contains("reset_detected"));
  const RunResult back = json::parse(run_json_text(run)).get<RunResult>();
  EXPECT_EQ(back.scenarios[0].energy, run.scenarios[0].energy);
  EXPECT_EQ(back.scenarios[0].spec_decode, run.scenarios[0].spec_decode);
  EXPECT_EQ(run_json_text(run), run_json_text(back));
}

TEST(EnergyJson, NoTokensIsNullNotNaN) {
  RunResult run = testing::synth_mixed_run();
  EnergyRecord e = energy();
  e.output_tokens = 0;
  e.joules_per_output_token = std::nan("");
  run.scenarios[0].energy = e;
  SpecDecodeRecord s;  // counters present, nothing drafted
  run.scenarios[0].spec_decode = s;
  const json j = json::parse(run_json_text(run));
  EXPECT_TRUE(j["scenarios"][0]["energy"]["joules_per_output_token"].is_null());
  EXPECT_TRUE(j["scenarios"][0]["spec_decode"]["acceptance_rate"].is_null());
  const RunResult back = j.get<RunResult>();
  EXPECT_TRUE(std::isnan(back.scenarios[0].energy->joules_per_output_token));
}

TEST(EnergyJson, ValidAgainstTheSchema) {
  RunResult run = testing::synth_mixed_run();
  run.scenarios[0].energy = energy();
  run.scenarios[0].spec_decode = spec_decode();
  const auto dir = test::scratch_dir() / "energy_spec_json";
  std::filesystem::create_directories(dir);
  const auto p = dir / "run.json";
  write_file_atomic(p, run_json_text(run));
  const std::string cmd = std::string("python3 ") + SONDE_SOURCE_DIR +
                          "/tests/tools/validate_json.py " + SONDE_SOURCE_DIR +
                          "/schema/run.schema.json '" + p.string() + "'";
  EXPECT_EQ(0, std::system(cmd.c_str()));
  json bad = json::parse(run_json_text(run));
  bad["scenarios"][0]["energy"]["source"] = "dcgm";  // method missing
  write_file_atomic(p, bad.dump());
  EXPECT_NE(0, std::system((cmd + " 2>/dev/null").c_str()));
}

}  // namespace
}  // namespace sonde
