// run.json `options`: every run option written, read back equal, valid against the schema; a
// file written before an option was recorded reads it as the default.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "results/atomic_file.hpp"
#include "results/json.hpp"
#include "synth_run.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

using nlohmann::json;

RunOptions unusual() {
  RunOptions o;
  o.endpoint = ApiEndpoint::completions;
  o.timeout_s = 0.5;
  o.first_token_timeout_s = 2;
  o.idle_timeout_s = 7;
  o.connect_timeout_s = 3;
  o.retries = 3;
  o.max_error_rate = 0.25;
  o.max_error_window = 20;
  o.grace_s = 1.5;
  o.seed = 42;
  o.warmup = 0;
  o.corpus = "/data/corpus.txt";
  o.ignore_eos = false;
  o.temperature = 0.7;
  o.http_client = HttpClientKind::curl;
  o.client_threads = 2;
  o.new_connection_per_request = true;
  o.api_key_env = "MY_KEY";
  o.api_key_file = "/run/secrets/key";
  o.insecure = true;
  o.ca_cert = "/etc/ssl/ca.pem";
  o.lang = Lang::en;
  o.gpu_metrics_url = "http://gpu-host:9400/metrics";
  o.max_failed_pct = 12.5;
  o.goodput.ttft_ms = 500;
  o.goodput.e2el_ms = 8000;
  return o;
}

TEST(RunOptionsJson, EveryFieldRoundTrips) {
  const RunOptions o = unusual();
  const json j = o;
  EXPECT_EQ(o, j.get<RunOptions>());
  EXPECT_EQ("/v1/completions", j["endpoint"]);
  EXPECT_EQ("curl", j["http_client"]);
  EXPECT_EQ("en", j["lang"]);
  EXPECT_EQ(0.25, j["max_error_rate"]);
  EXPECT_EQ(20, j["max_error_window"]);
  EXPECT_EQ(false, j["tls_verify"]);
  EXPECT_EQ(true, j["insecure"]);
  EXPECT_EQ(RunOptions{}, json(RunOptions{}).get<RunOptions>());
}

TEST(RunOptionsJson, OldFilesReadDefaults) {
  const json old = json::parse(R"({"seed": 5, "ignore_eos": true, "warmup": 1, "corpus": "ko",
                                   "timeout_s": 600, "tls_verify": false})");
  const RunOptions o = old.get<RunOptions>();
  EXPECT_EQ(5u, o.seed);
  EXPECT_TRUE(o.insecure) << "tls_verify false is --insecure";
  EXPECT_EQ(50, o.max_error_window);
  EXPECT_EQ(HttpClientKind::native, o.http_client);
  EXPECT_EQ(100, o.max_failed_pct) << "a run measured before runs were judged was never judged";
  EXPECT_FALSE(o.goodput.any());
}

TEST(RunOptionsJson, GoodputWritesOnlyTheObjectivesGiven) {
  RunOptions o;
  o.goodput.tpot_ms = 50;
  const json j = o;
  EXPECT_EQ(json::parse(R"({"tpot_ms": 50})"), j["goodput"]);
  EXPECT_EQ(json::object(), json(RunOptions{})["goodput"]);
  EXPECT_EQ(o, j.get<RunOptions>());
}

TEST(RunOptionsJson, RunWithEveryOptionIsValidAgainstTheSchema) {
  RunResult run = testing::synth_seed_run();
  run.options = unusual();
  const auto dir = test::scratch_dir() / "run_options_json";
  std::filesystem::create_directories(dir);
  const auto path = dir / "run.json";
  write_file_atomic(path, run_json_text(run));
  const std::string cmd = std::string("python3 ") + SONDE_SOURCE_DIR +
                          "/tests/tools/validate_json.py " + SONDE_SOURCE_DIR +
                          "/schema/run.schema.json '" + path.string() + "'";
  EXPECT_EQ(0, std::system(cmd.c_str()));
  EXPECT_EQ(run.options, read_run_json(path).options);
}

}  // namespace
}  // namespace sonde
