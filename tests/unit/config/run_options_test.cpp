// RunOptions: the choice parsers, the one table of flags/sweep keys, layering and validation.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "config/run_options.hpp"
#include "util/error.hpp"

namespace sonde {
namespace {

// Every field away from its default, each to a value a flag or sweep key can express.
RunOptions unusual() {
  RunOptions o;
  o.endpoint = ApiEndpoint::completions;
  o.timeout_s = 0.5;
  o.first_token_timeout_s = 2;
  o.idle_timeout_s = 7;
  o.retries = 3;
  o.max_error_rate = 0.25;
  o.max_error_window = 20;
  o.grace_s = 1.5;
  o.seed = 42;
  o.warmup = 0;
  o.corpus = "en";
  o.ignore_eos = false;
  o.http_client = HttpClientKind::curl;
  o.client_threads = 2;
  o.new_connection_per_request = true;
  o.api_key_env = "MY_KEY";
  o.insecure = true;
  o.ca_cert = "/etc/ssl/ca.pem";
  o.lang = Lang::en;
  o.gpu_metrics_url = "http://gpu-host:9400/metrics";
  o.max_failed_pct = 12.5;
  o.goodput.ttft_ms = 500;
  o.goodput.e2el_ms = 8000;
  return o;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(RunOptionChoices, ParseAndName) {
  EXPECT_EQ(ApiEndpoint::chat, parse_endpoint("/v1/chat/completions", "--endpoint"));
  EXPECT_EQ(ApiEndpoint::completions, parse_endpoint("/v1/completions", "--endpoint"));
  EXPECT_EQ(ApiEndpoint::completions, parse_endpoint("completions", "--endpoint"));
  EXPECT_STREQ("/v1/completions", endpoint_path(ApiEndpoint::completions));
  EXPECT_EQ(HttpClientKind::curl, parse_http_client("curl", "--http-client"));
  EXPECT_STREQ("native", to_string(HttpClientKind::native));
  EXPECT_EQ(Lang::en, parse_lang_option("en", "--lang"));
}

TEST(RunOptionChoices, BadValuesNameWhereAndTheChoices) {
  const std::string e = message_of([] { parse_endpoint("/v1/embeddings", "--endpoint"); });
  EXPECT_NE(std::string::npos, e.find("--endpoint: '/v1/embeddings'")) << e;
  EXPECT_NE(std::string::npos, e.find("/v1/completions")) << e;
  const std::string h = message_of([] { parse_http_client("h2", "s.yaml:3: run.http_client"); });
  EXPECT_NE(std::string::npos, h.find("s.yaml:3: run.http_client: 'h2'")) << h;
  EXPECT_NE(std::string::npos, h.find("native or curl")) << h;
  const std::string l = message_of([] { parse_lang_option("fr", "--lang"); });
  EXPECT_NE(std::string::npos, l.find("use ko or en")) << l;
}

TEST(RunOptionTable, FlagNamesFollowKeys) {
  EXPECT_EQ("--timeout-s", run_option_flag("timeout_s"));
  EXPECT_EQ("--no-ignore-eos", run_option_flag("no_ignore_eos"));
  for (const auto& info : run_option_infos()) {
    ASSERT_NE(nullptr, find_run_option(info.key)) << info.key;
    EXPECT_EQ(std::string(info.key), find_run_option(info.key)->key);
  }
  EXPECT_EQ(nullptr, find_run_option("timeout-s"));
}

// Every option written as its flag would be, then parsed back: the whole struct returns. So no
// option is missing from the table and none is set into the wrong field.
TEST(RunOptionTable, EveryOptionRoundTripsThroughItsText) {
  const RunOptions want = unusual();
  std::vector<RunOptionValue> given;
  for (const auto& info : run_option_infos()) {
    if (std::string(info.key) == "api_key_file") continue;  // the other source, tested below
    given.push_back(RunOptionValue{info.key, info.text(want), run_option_flag(info.key)});
  }
  RunOptions got;
  apply_run_options(got, given);
  EXPECT_EQ(want, got);
  // Each key alone moves its field away from the default.
  for (const auto& g : given) {
    RunOptions one;
    apply_run_options(one, {g});
    EXPECT_NE(RunOptions{}, one) << g.key;
  }
}

TEST(RunOptionLayers, LaterLayerWinsOnlyForWhatItGives) {
  RunOptions o;
  apply_run_options(o, {{"timeout_s", "30", "f:1: run.timeout_s"},
                        {"seed", "7", "f:2: run.seed"},
                        {"api_key_file", "/k", "f:3: run.api_key_file"}});
  apply_run_options(o, {{"timeout_s", "0.5", "--timeout-s"}, {"api_key_env", "K", "--api-key-env"}});
  EXPECT_DOUBLE_EQ(0.5, o.timeout_s);
  EXPECT_EQ(7u, o.seed);
  EXPECT_EQ("K", o.api_key_env);
  EXPECT_EQ("", o.api_key_file) << "the flag's key source replaces the file's";
}

TEST(RunOptionLayers, RefusalsNameWhere) {
  RunOptions o;
  std::string e = message_of([&] {
    apply_run_options(
        o, {{"api_key_env", "K", "--api-key-env"}, {"api_key_file", "/k", "--api-key-file"}});
  });
  EXPECT_NE(std::string::npos, e.find("--api-key-env and --api-key-file: choose one")) << e;
  e = message_of([&] { apply_run_options(o, {{"timeout", "5", "f:4: run.timeout"}}); });
  EXPECT_NE(std::string::npos, e.find("f:4: run.timeout: unknown run option")) << e;
  EXPECT_NE(std::string::npos, e.find("timeout_s")) << e;
  e = message_of([&] { apply_run_options(o, {{"timeout_s", "fast", "--timeout-s"}}); });
  EXPECT_NE(std::string::npos, e.find("--timeout-s: 'fast' is not a number")) << e;
  e = message_of([&] { apply_run_options(o, {{"seed", "-1", "--seed"}}); });
  EXPECT_NE(std::string::npos, e.find("--seed: '-1'")) << e;
  e = message_of([&] { apply_run_options(o, {{"insecure", "yes", "f:2: run.insecure"}}); });
  EXPECT_NE(std::string::npos, e.find("f:2: run.insecure: 'yes' is not true or false")) << e;
  e = message_of([&] {
    apply_run_options(o, {{"max_error_rate", "2", "f:5: run.max_error_rate"}});
  });
  EXPECT_NE(std::string::npos, e.find("f:5: run.max_error_rate: --max-error-rate: '2'")) << e;
}

TEST(RunOptionValidate, RangesNameTheFlag) {
  EXPECT_NO_THROW(validate(RunOptions{}));
  RunOptions o;
  o.temperature = -1;
  EXPECT_NE(std::string::npos, message_of([&] { validate(o); }).find("temperature"));
  o = RunOptions{};
  o.retries = 101;
  EXPECT_NE(std::string::npos, message_of([&] { validate(o); }).find("--retries: 101"));
  o = RunOptions{};
  o.max_error_rate = 1.5;
  EXPECT_NE(std::string::npos, message_of([&] { validate(o); }).find("--max-error-rate"));
}

TEST(RunOptionValidate, MaxFailedPctIsAPercentage) {
  RunOptions o;
  o.max_failed_pct = 100;
  EXPECT_NO_THROW(validate(o));
  o.max_failed_pct = 100.5;
  EXPECT_NE(std::string::npos, message_of([&] { validate(o); }).find("--max-failed-pct: 100.5"));
  o.max_failed_pct = -1;
  EXPECT_NE(std::string::npos, message_of([&] { validate(o); }).find("--max-failed-pct: -1"));
}

TEST(Goodput, ParsesVllmSpelling) {
  const GoodputSlos s = parse_goodput("ttft:500 tpot:50 e2el:8000", "--goodput");
  EXPECT_EQ(500, s.ttft_ms);
  EXPECT_EQ(50, s.tpot_ms);
  EXPECT_EQ(8000, s.e2el_ms);
  EXPECT_EQ("ttft:500 tpot:50 e2el:8000", to_string(s));
  const GoodputSlos one = parse_goodput("e2el:2.5,ttft:0", "--goodput");
  EXPECT_EQ(0, one.ttft_ms);
  EXPECT_FALSE(one.tpot_ms);
  EXPECT_EQ("ttft:0 e2el:2.5", to_string(one));
  EXPECT_EQ("", to_string(GoodputSlos{}));
  EXPECT_FALSE(GoodputSlos{}.any());
}

TEST(Goodput, BadTokensNameTheTokenAndTheKeys) {
  const auto bad = [](const std::string& text) {
    return message_of([&] { parse_goodput(text, "--goodput"); });
  };
  for (const char* text :
       {"ttft:abc", "itl:50", "ttft:-1", "ttft", "ttft:1 ttft:2", "", "tpot:inf"}) {
    const std::string e = bad(text);
    EXPECT_NE(std::string::npos, e.find("--goodput")) << text << ": " << e;
    EXPECT_NE(std::string::npos, e.find("ttft, tpot, e2el")) << text << ": " << e;
  }
  EXPECT_NE(std::string::npos, bad("ttft:abc").find("'ttft:abc'"));
  EXPECT_NE(std::string::npos, bad("itl:50").find("unknown metric 'itl'"));
  EXPECT_NE(std::string::npos, bad("ttft:-1").find("'-1' is not a number of milliseconds >= 0"));
  RunOptions o;
  const std::string e = message_of([&] {
    apply_run_options(o, {{"goodput", "tpot:x", "s.yaml:3: run.goodput"}});
  });
  EXPECT_NE(std::string::npos, e.find("s.yaml:3: run.goodput: 'tpot:x'")) << e;
}

}  // namespace
}  // namespace sonde
