// The typed records inside run.json and sweep.json: each one survives struct → JSON → struct
// unchanged, and JSON in the shape earlier sonde versions wrote reads as the values it holds.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "results/client_health.hpp"
#include "results/json.hpp"
#include "results/server_launch.hpp"
#include "results/sweep_result.hpp"
#include "util/error.hpp"
#include "synth_run.hpp"

namespace sonde {
namespace {

using nlohmann::json;

template <typename T>
T round_trip(const T& value) {
  return json(value).get<T>();
}

TEST(ClientHealthJson, RoundTrips) {
  const ClientHealth h{1.25, 3.5, 0.75, 10.0, 42.5, 2, "native"};
  EXPECT_EQ(h, round_trip(h));
  EXPECT_EQ(7u, json(h).size());
}

TEST(ClientHealthJson, ReadsTheShapeRunJsonHoldsAndDefaultsLaterKeys) {
  const json today = json::parse(R"({"cpu_system_s": 0.5, "cpu_user_s": 1.5, "cpu_util_pct": 20.0,
      "max_receive_backlog_ms": 0.25, "threads": 2, "transport": "native", "wall_s": 10.0})");
  const ClientHealth h = today.get<ClientHealth>();
  EXPECT_EQ((ClientHealth{0.25, 1.5, 0.5, 10.0, 20.0, 2, "native"}), h);
  EXPECT_EQ(today, json(h));  // written back byte for byte
  const ClientHealth old = json::parse(R"({"cpu_util_pct": 3.0})").get<ClientHealth>();
  EXPECT_EQ(1, old.threads);
  EXPECT_EQ("curl", old.transport);
}

TEST(ClientHealthJson, AScenarioWithoutOneOrWithAnUnreadableOneHasNone) {
  json sc = json(ScenarioResult{});
  EXPECT_TRUE(sc.at("client_health").is_null());
  EXPECT_FALSE(sc.get<ScenarioResult>().client_health);
  sc["client_health"] = {{"cpu_util_pct", "busy"}};
  EXPECT_FALSE(sc.get<ScenarioResult>().client_health);
  sc["client_health"] = {{"cpu_util_pct", 12.5}};
  ASSERT_TRUE(sc.get<ScenarioResult>().client_health);
  EXPECT_EQ(12.5, sc.get<ScenarioResult>().client_health->cpu_util_pct);
}

TEST(StartupFactsJson, RoundTripsWithNullsForUnknowns) {
  const StartupFacts f{426784, 26.05, 16384, 52.1, 14.99, 5.2};
  EXPECT_EQ(f, round_trip(f));
  const json empty = StartupFacts{};
  EXPECT_EQ(6u, empty.size());
  EXPECT_TRUE(empty.at("kv_cache_tokens").is_null());
  EXPECT_EQ(StartupFacts{}, empty.get<StartupFacts>());
}

TEST(StartupFactsJson, ReadsAPartialRecord) {
  const auto f =
      json::parse(R"({"kv_cache_tokens": 456789, "max_concurrency": 37.17})").get<StartupFacts>();
  EXPECT_EQ((StartupFacts{456789, 37.17, {}, {}, {}, {}}), f);
}

TEST(ServerFailureJson, RoundTripsEveryField) {
  ServerFailure f;
  f.kind = FailureKind::kv_cache_insufficient;
  f.message = "ValueError: To serve at least one request ...";
  f.log_excerpt = {"line 1", "line 2"};
  f.exit_code = 1;
  f.max_seq_len = 131072;
  f.kv_cache_needed_gib = 16.0;
  f.kv_cache_available_gib = 13.69;
  f.estimated_max_model_len = 112064;
  f.free_memory_gib = 10.5;
  f.total_memory_gib = 79.1;
  f.requested_utilization = 0.9;
  f.requested_memory_gib = 71.2;
  EXPECT_EQ(f, round_trip(f));
  ServerFailure s;
  s.kind = FailureKind::oom_runtime;
  s.signal = 9;
  EXPECT_EQ(s, round_trip(s));
  EXPECT_EQ("oom_runtime", json(s).at("kind"));
  EXPECT_TRUE(json(s).at("exit_code").is_null());
}

TEST(ServerFailureJson, ReadsAPartialRecordAndRejectsAnUnknownKind) {
  const auto f = json::parse(R"({"kind": "oom_startup", "log_excerpt": ["CUDA out of memory"]})")
                     .get<ServerFailure>();
  EXPECT_EQ(FailureKind::oom_startup, f.kind);
  EXPECT_EQ(std::vector<std::string>{"CUDA out of memory"}, f.log_excerpt);
  EXPECT_EQ("", f.message);
  EXPECT_FALSE(f.exit_code);
  EXPECT_THROW(json::parse(R"({"kind": "melted"})").get<ServerFailure>(), Error);
}

TEST(StopResultJson, RoundTrips) {
  const StopResult s{"sigterm", true, false, 12.5};
  EXPECT_EQ(s, round_trip(s));
  EXPECT_EQ((StopResult{"", true, true, 0}),
            json::parse(R"({"group_gone": true, "port_free": true})").get<StopResult>());
}

TEST(ServerLaunchJson, APointHoldsItsRecordsOrNulls) {
  SweepResult sweep;
  PointResult ran;
  ran.name = "p01";
  ran.status = PointStatus::oom_startup;
  ran.startup_facts = StartupFacts{1000, {}, {}, {}, {}, {}};
  ran.failure = ServerFailure{};
  ran.stop = StopResult{"sigint", true, true, 1.5};
  PointResult planned;
  planned.name = "p02";
  planned.status = PointStatus::planned;
  sweep.points = {ran, planned};
  const json j = sweep_json(sweep);
  EXPECT_TRUE(j.at("points").at(1).at("startup_facts").is_null());
  EXPECT_TRUE(j.at("points").at(1).at("failure").is_null());
  EXPECT_TRUE(j.at("points").at(1).at("stop").is_null());
  const SweepResult back = sweep_from_json(j);
  EXPECT_EQ(ran.startup_facts, back.points[0].startup_facts);
  EXPECT_EQ(ran.failure, back.points[0].failure);
  EXPECT_EQ(ran.stop, back.points[0].stop);
  EXPECT_FALSE(back.points[1].startup_facts || back.points[1].failure || back.points[1].stop);
}

// ---- run.json's server-side records, read from today's fixtures.

RunResult fixture(const std::string& name) {
  return read_run_json(std::string(SONDE_FIXTURES) + "/report/" + name + ".run.json");
}

TEST(GpuMemoryJson, RoundTripsWithoutTheSeries) {
  GpuMemoryRecord r;
  r.source = "nvml";
  r.interval_ms = 250;
  r.samples = 40;
  r.failed_reads = 2;
  r.last_error = "NVML: GPU is lost";
  r.gpus = {
      {0, "NVIDIA H100 80GB HBM3", 80'000'000'000ull, 79'000'000'000ull, 85'520'809'984ull, 99.5},
      {1, "NVIDIA H100 80GB HBM3", std::nullopt, std::nullopt, std::nullopt, std::nullopt}};
  EXPECT_EQ(r, round_trip(r));
  r.series = {{0, 0, 1, 2, 3.0, std::nullopt, std::nullopt}};
  EXPECT_TRUE(round_trip(r).series.empty());  // telemetry.jsonl holds the series
}

TEST(GpuMemoryJson, FixtureReadsAsTheSimulatedH100) {
  const RunResult run = fixture("seed_sim");
  ASSERT_TRUE(run.scenarios.at(0).gpu_memory);
  const GpuMemoryRecord& g = *run.scenarios[0].gpu_memory;
  EXPECT_EQ("dcgm", g.source);
  EXPECT_EQ(250.0, g.interval_ms);
  ASSERT_EQ(1u, g.gpus.size());
  EXPECT_EQ("NVIDIA H100 80GB HBM3", g.gpus[0].name);
  EXPECT_EQ(testing::kH100Bytes, g.gpus[0].total_bytes);
  EXPECT_EQ(97.0, g.gpus[0].peak_utilization_pct);
  EXPECT_GT(*g.gpus[0].peak_used_bytes, *g.gpus[0].mean_used_bytes);
  EXPECT_FALSE(fixture("mixed_real").scenarios.at(0).gpu_memory);  // null: no GPU source
}

TEST(ServerMetricsJson, RoundTripsNaNAsNullAndBack) {
  ServerMetricsDelta d;
  d.ttft_ms = {12, 40.5, 39.0, 60.25, 80.0};
  d.kv_cache_usage_peak = 0.5;
  d.gauge_samples = 8;
  d.num_preemptions = 3;
  d.prompt_tokens = 12000;
  d.requests_finished = {{"length", 12}, {"stop", 1}};
  d.reset_detected = true;
  const json j = d;
  EXPECT_TRUE(j.at("queue_ms").at("mean").is_null());
  EXPECT_TRUE(j.at("generation_tokens").is_null());
  const ServerMetricsDelta back = j.get<ServerMetricsDelta>();
  EXPECT_EQ(j, json(back));
  EXPECT_TRUE(std::isnan(back.queue_ms.mean));
  EXPECT_EQ(3, back.num_preemptions);
  EXPECT_EQ(d.requests_finished, back.requests_finished);
}

TEST(ServerMetricsJson, FixtureReadsAsTheSynthesisedServer) {
  const RunResult run = fixture("mixed_real");
  const ScenarioResult& poisson = run.scenarios.at(3);
  ASSERT_TRUE(poisson.server_metrics);
  const ServerMetricsDelta& m = *poisson.server_metrics;
  EXPECT_EQ(3, m.num_preemptions);
  EXPECT_EQ(8.0, m.num_requests_running_peak);  // max_concurrency of the rate scenario
  EXPECT_EQ(2.0, m.num_requests_waiting_peak);
  EXPECT_EQ(poisson.summary.total_input_tokens, m.prompt_tokens);
  EXPECT_EQ(poisson.summary.total_output_tokens, m.generation_tokens);
  EXPECT_FALSE(m.reset_detected);
  EXPECT_GT(m.ttft_ms.count, 0);
}

TEST(EnvironmentJson, RoundTripsAndWritesRecordedOnOnlyWhenSaid) {
  const Environment e = testing::synth_environment(false);
  EXPECT_EQ(e, round_trip(e));
  EXPECT_EQ("server host", json(e).at("recorded_on"));
  Environment specs = e;
  specs.recorded_on.clear();  // sonde specs --json says nothing about it
  EXPECT_FALSE(json(specs).contains("recorded_on"));
  EXPECT_EQ(specs, round_trip(specs));
}

TEST(EnvironmentJson, FixturesReadAsTheirHosts) {
  const RunResult sim = fixture("seed_sim");
  ASSERT_TRUE(sim.environment);
  EXPECT_EQ("bench-01", sim.environment->system.hostname);
  EXPECT_EQ(128, sim.environment->system.cpu_threads);
  EXPECT_EQ("dcgm", sim.environment->gpus.source);
  ASSERT_EQ(1u, sim.environment->gpus.gpus.size());
  EXPECT_EQ(testing::kH100Bytes, sim.environment->gpus.gpus[0].memory_total_bytes);
  EXPECT_EQ("server host", sim.environment->recorded_on);
  const RunResult remote = fixture("mixed_real");
  ASSERT_TRUE(remote.environment);
  EXPECT_EQ("client host", remote.environment->recorded_on);
  EXPECT_TRUE(remote.environment->gpus.gpus.empty());
}

TEST(RunRecords, FixturesRoundTripByteForByte) {
  for (const char* name : {"seed_sim", "mixed_real"}) {
    std::ifstream in(std::string(SONDE_FIXTURES) + "/report/" + name + ".run.json");
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), run_json_text(fixture(name))) << name;
  }
}

}  // namespace
}  // namespace sonde
