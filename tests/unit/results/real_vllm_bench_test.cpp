// sonde's vllm/<scenario>.json against real `vllm bench serve --save-result` files (see
// tests/support/real_vllm.hpp): every key a real file has, sonde's file has too, with a value of
// the same JSON kind, so that a tool written for vLLM's files reads sonde's.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "results/vllm_bench.hpp"
#include "support/real_vllm.hpp"
#include "synth_run.hpp"

namespace sonde {
namespace {

using nlohmann::json;
using RealVllmBench = test::RealVllm;

json sonde_file() {
  std::vector<RequestRecord> records;
  const RunResult run = testing::synth_seed_run(&records);
  return vllm_bench_json(run, run.scenarios.at(7), records);  // concurrency_8, closed burst
}

// "string", "integer", "number" or "null": what a reader of the file can rely on.
std::string kind(const json& v) {
  if (v.is_string()) return "string";
  if (v.is_number_integer()) return "integer";
  if (v.is_number()) return "number";
  if (v.is_null()) return "null";
  return v.type_name();
}

// Every key of `real` (but `skip`) is in `ours`; where the real value is set, ours is of the
// same kind (an integer is also a number; null in a real file means "not given" and says
// nothing about the kind).
void expect_superset(const json& real, const json& ours, const std::set<std::string>& skip) {
  for (const auto& [key, value] : real.items()) {
    if (skip.count(key) != 0) continue;
    SCOPED_TRACE(key);
    ASSERT_TRUE(ours.contains(key)) << "sonde's vllm JSON lacks the key " << key;
    const std::string want = kind(value);
    const std::string got = kind(ours[key]);
    if (want == "null") continue;
    if (want == "number") {
      EXPECT_TRUE(ours[key].is_number()) << got;
    } else {
      EXPECT_EQ(got, want);
    }
  }
}

// Recent `vllm bench serve` (2026-01): 37 keys, from "date" to "p99_e2el_ms".
TEST_F(RealVllmBench, EveryKeyOfRecentVllmBenchServe) {
  const json ours = sonde_file();
  for (const char* name : {"benchjson-1.json", "benchjson-2.json"}) {
    SCOPED_TRACE(name);
    const json real = json::parse(capture(name));
    EXPECT_EQ(real.size(), 37u);
    expect_superset(real, ours, {});
  }
  // Values as vLLM writes them for an unpaced run: request_rate the string "inf", burstiness
  // 1.0, the date as YYYYmmdd-HHMMSS.
  const json real = json::parse(capture("benchjson-1.json"));
  EXPECT_EQ(real["request_rate"], "inf");
  EXPECT_EQ(ours["request_rate"], "inf");
  EXPECT_EQ(real["burstiness"], 1.0);
  EXPECT_EQ(ours["burstiness"], 1.0);
  const std::regex date(R"(\d{8}-\d{6})");
  EXPECT_TRUE(std::regex_match(real["date"].get<std::string>(), date));
  EXPECT_TRUE(std::regex_match(ours["date"].get<std::string>(), date));
}

// A 2025-09 fork of benchmark_serving.py (indent=4). Skipped keys: the fork's own additions
// (hardware, model_name, kind, env, quant-type, accuracy_rate), and "request_goodput:", a typo
// of older benchmark_serving.py releases that current vLLM writes as "request_goodput" (which
// sonde writes).
TEST_F(RealVllmBench, UpstreamKeysOfAForkedBenchmarkServing) {
  const json real = json::parse(capture("benchjson-3.json"));
  EXPECT_EQ(real.size(), 34u);
  EXPECT_TRUE(real.contains("request_goodput:"));
  expect_superset(
      real, sonde_file(),
      {"hardware", "model_name", "kind", "env", "quant-type", "accuracy_rate", "request_goodput:"});
  EXPECT_EQ(real["backend"], "openai-chat");
  EXPECT_EQ(sonde_file()["backend"], "openai-chat");  // the same name for the chat endpoint
}

}  // namespace
}  // namespace sonde
