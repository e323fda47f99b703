// validate(): every bad value is refused up front with a message naming the flag and the value.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "config/plan.hpp"
#include "util/error.hpp"
#include "support/test_files.hpp"

namespace sonde {
namespace {

Plan good_plan() {
  Plan p;
  p.base_url = "http://127.0.0.1:8000";
  ScenarioSpec s;
  s.name = "s";
  s.input_len = 10;
  s.output_len = 10;
  s.requests = 1;
  s.concurrency = 1;
  p.scenarios.push_back(s);
  return p;
}

// validate() throws a UsageError whose message holds every one of `parts`.
void expect_refused(const std::function<void(Plan&)>& change, std::vector<std::string> parts) {
  Plan p = good_plan();
  change(p);
  try {
    validate(p);
    FAIL() << "accepted; expected a message with " << parts.front();
  } catch (const UsageError& e) {
    EXPECT_EQ(ExitCode::usage, e.code());
    for (const auto& part : parts)
      EXPECT_NE(std::string::npos, std::string(e.what()).find(part)) << e.what();
  }
}

TEST(PlanValidateFlags, GoodPlanPasses) {
  EXPECT_NO_THROW(validate(good_plan()));
  Plan p = good_plan();
  p.base_url = "https://user:pw@api.example.com:443/";
  EXPECT_NO_THROW(validate(p));
}

TEST(PlanValidateFlags, LimitsNameFlagAndValue) {
  expect_refused([](Plan& p) { p.options.timeout_s = 0; }, {"--timeout-s", "0", "> 0"});
  expect_refused([](Plan& p) { p.options.timeout_s = -5; }, {"--timeout-s", "-5"});
  expect_refused([](Plan& p) { p.options.idle_timeout_s = -1; }, {"--idle-timeout-s", "-1"});
  expect_refused([](Plan& p) { p.options.first_token_timeout_s = -2; },
                 {"--first-token-timeout-s", "-2"});
  expect_refused([](Plan& p) { p.sim_speed = 0; }, {"--sim-speed", "0"});
  expect_refused([](Plan& p) { p.sim_speed = -3; }, {"--sim-speed", "-3"});
  expect_refused([](Plan& p) { p.options.client_threads = -1; }, {"--client-threads", "-1"});
  expect_refused([](Plan& p) { p.options.warmup = -1; }, {"--warmup", "-1"});
}

TEST(PlanValidateFlags, EndpointAndUrls) {
  expect_refused([](Plan& p) { p.base_url = "ftp://host"; },
                 {"--base-url", "ftp://host", "http://"});
  expect_refused([](Plan& p) { p.base_url = "http://"; }, {"--base-url", "no host"});
  expect_refused([](Plan& p) { p.base_url = "http://h:99999"; }, {"--base-url", "99999"});
  expect_refused([](Plan& p) { p.base_url = "http://h:80x"; }, {"--base-url", "80x"});
  expect_refused([](Plan& p) { p.options.gpu_metrics_url = "h:9400"; },
                 {"--gpu-metrics-url", "h:9400"});
}

TEST(PlanValidateFlags, UrlPasswordNeverEchoed) {
  Plan p = good_plan();
  p.base_url = "ftp://u:hunter2-secret@h";
  try {
    validate(p);
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string::npos, std::string(e.what()).find("hunter2-secret")) << e.what();
  }
}

TEST(PlanValidateFlags, FilesMustExist) {
  expect_refused([](Plan& p) { p.options.corpus = "/nonexistent/corpus.txt"; },
                 {"--corpus", "/nonexistent/corpus.txt"});
  expect_refused([](Plan& p) { p.options.api_key_file = "/nonexistent/key"; },
                 {"--api-key-file", "/nonexistent/key"});
  expect_refused([](Plan& p) { p.options.ca_cert = "/nonexistent/ca.pem"; },
                 {"--ca-cert", "/nonexistent/ca.pem"});
  const auto dir = test::scratch_dir();
  expect_refused([&](Plan& p) { p.options.ca_cert = dir.string(); }, {"--ca-cert", "not a file"});
  const auto key = dir / "plan_validate_key";
  std::ofstream(key) << "sk-x\n";
  Plan p = good_plan();
  p.options.api_key_file = key.string();
  EXPECT_NO_THROW(validate(p));
}

}  // namespace
}  // namespace sonde
