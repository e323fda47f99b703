// Prompt preparation and telemetry against the in-process simulator: prompts calibrated once
// per length yet unique and exact, and the simulator's own peaks read instead of samples.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "client/http.hpp"
#include "metrics/prometheus.hpp"
#include "runner/scenario_exec.hpp"
#include "runner/target.hpp"
#include "runner/telemetry_session.hpp"
#include "sim/identity.hpp"
#include "sim/sim_config.hpp"
#include "sim/sim_server.hpp"
#include "workload/corpus.hpp"
#include "workload/prompt_batch.hpp"

namespace sonde {
namespace {

SimOptions sim_options() {
  SimOptions o;
  o.port = 0;
  o.model = "test/model";
  o.served_model_name = "m";
  o.max_model_len = 16384;
  o.speed = 1e6;
  return o;
}

std::string base_url(const SimServer& s) { return "http://127.0.0.1:" + std::to_string(s.port()); }

// A chat request whose prompt is `words` distinct-ish words (a few tokens each).
std::string chat_body(int i, int words, int max_tokens) {
  std::string content = "client " + std::to_string(i);
  for (int k = 0; k < words; ++k) content += " w" + std::to_string(k % 97);
  return nlohmann::json{{"model", "m"},
                        {"messages", {{{"role", "user"}, {"content", content}}}},
                        {"max_tokens", max_tokens},
                        {"ignore_eos", true}}
      .dump();
}

TEST(PrepareScenario, UniqueExactPromptsFromFewTokenizeCalls) {
  SimServer sim(sim_options());
  sim.start();
  const Endpoint ep{base_url(sim), ApiEndpoint::chat, std::nullopt};
  const Corpus corpus = Corpus::load("en");
  PromptFactory prompts(corpus, 7);
  ServerTokenCounter counter(ep, "m");
  RequestFactory f{ep, "m", "ab12cd34", GenerationParams{}, prompts, counter, 1, 0};
  ScenarioSpec spec;
  spec.name = "s";
  spec.input_len = 3000;
  spec.output_len = 8;
  spec.requests = 300;
  spec.concurrency = 10;
  PromptCalibration cal;
  const DispatchPlan plan = prepare_scenario(f, spec, cal, 1);
  ASSERT_EQ(plan.requests.size(), 300u);
  EXPECT_EQ(cal.method, "tokenize");
  EXPECT_LT(cal.tokenizer_calls, 150);  // one by one it is several calls per prompt
  EXPECT_LE(cal.max_error_pct, 0.1);
  EXPECT_GE(cal.min_tokens, 2997);
  EXPECT_LE(cal.max_tokens, 3003);
  std::set<std::string> bodies;
  std::set<std::string> firsts;  // the first 40 bytes of each user message
  for (const auto& r : plan.requests) {
    bodies.insert(r.body);
    const auto j = nlohmann::json::parse(r.body);
    const std::string text = j["messages"][0]["content"];
    firsts.insert(text.substr(0, 40));
    EXPECT_NE(text.find("[doc ab12cd34]"), std::string::npos);  // the prompt id: runs differ
  }
  EXPECT_EQ(bodies.size(), 300u);
  EXPECT_EQ(firsts.size(), 300u);  // unique from the first words: no shared first KV block
  EXPECT_EQ(f.nonce_counter, 300u);

  // The next scenario goes on numbering: still no prompt repeats, and a few recounted ones
  // (independent of the batch's own spot-checks) are exact.
  spec.name = "t";
  spec.requests = 20;
  const DispatchPlan next = prepare_scenario(f, spec, cal, 1);
  for (const auto& r : next.requests) EXPECT_FALSE(bodies.count(r.body));
  for (int i : {1, 9, 17}) {
    const std::string text =
        nlohmann::json::parse(next.requests[size_t(i)].body)["messages"][0]["content"];
    EXPECT_NEAR(double(counter.count(text)), 3000.0, 3.0) << i;
  }

  // repeat_prompt: one prompt on purpose, calibrated once.
  spec.name = "u";
  spec.repeat_prompt = true;
  spec.requests = 5;
  const DispatchPlan same = prepare_scenario(f, spec, cal, 1);
  for (const auto& r : same.requests) {
    EXPECT_EQ(nlohmann::json::parse(r.body)["messages"],
              nlohmann::json::parse(same.requests[0].body)["messages"]);
  }
  sim.stop();
}

TEST(SimPeaks, RaiseSampledPeaksForTheModelOnly) {
  const MetricsPage page = parse_prometheus_text(
      "sonde_sim:kv_cache_usage_peak_perc{engine=\"0\",model_name=\"m\"} 0.75\n"
      "sonde_sim:kv_cache_usage_peak_perc{engine=\"0\",model_name=\"other\"} 0.99\n"
      "sonde_sim:num_requests_running_peak{engine=\"0\",model_name=\"m\"} 12.0\n"
      "sonde_sim:num_requests_waiting_peak{engine=\"0\",model_name=\"m\"} 3.0\n");
  ServerMetricsDelta d;
  d.kv_cache_usage_peak = 0.5;       // sampled: lower than the truth
  d.num_requests_running_peak = 20;  // a sample can't be above the truth, but the larger wins
  EXPECT_TRUE(apply_sim_peaks(page, std::string("m"), d));
  EXPECT_DOUBLE_EQ(d.kv_cache_usage_peak, 0.75);
  EXPECT_DOUBLE_EQ(d.num_requests_running_peak, 20);
  EXPECT_DOUBLE_EQ(d.num_requests_waiting_peak, 3);  // NaN before: taken
  ServerMetricsDelta all;
  EXPECT_TRUE(apply_sim_peaks(page, std::nullopt, all));
  EXPECT_DOUBLE_EQ(all.kv_cache_usage_peak, 0.99);
  ServerMetricsDelta none;
  EXPECT_FALSE(
      apply_sim_peaks(parse_prometheus_text("vllm:kv_cache_usage_perc 0.2\n"), std::nullopt, none));
  EXPECT_TRUE(std::isnan(none.kv_cache_usage_peak));
}

TEST(SimPeaks, AScenarioShorterThanOneSamplingPeriodStillGetsItsKvPeak) {
  SimServer sim(sim_options());
  sim.start();
  TelemetrySources src;
  src.metrics_url = base_url(sim) + "/metrics";
  src.model_name = "m";
  src.interval_s = 3600;  // one sample at the start (idle), none during the requests
  // Some KV use before the scenario: the reset at start() must forget it.
  ASSERT_EQ(
      http_post_json(base_url(sim) + "/v1/chat/completions", chat_body(0, 3000, 4), std::nullopt, 30)
          .status,
      200);
  const double before_peak = sim.stats().kv_cache_usage_peak;
  ScenarioTelemetry telemetry(src);
  telemetry.start("short", Clock::now());
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&, i] {
      EXPECT_EQ(http_post_json(base_url(sim) + "/v1/chat/completions", chat_body(i + 1, 100, 50),
                               std::nullopt, 30)
                    .status,
                200);
    });
  }
  for (auto& c : clients) c.join();
  ScenarioResult result;
  std::ostringstream series;
  telemetry.stop(result, series);
  ASSERT_TRUE(result.server_metrics);
  const ServerMetricsDelta& sm = *result.server_metrics;
  const double peak = sm.kv_cache_usage_peak;
  EXPECT_GT(peak, 0);            // the samples (start and end, both idle) would say 0
  EXPECT_LT(peak, before_peak);  // the long prompt before the scenario is not counted
  const SimStats stats = sim.stats();
  EXPECT_DOUBLE_EQ(peak, stats.kv_cache_usage_peak);  // the sim's exact peak
  EXPECT_GE(sm.num_requests_running_peak, 1);
  sim.stop();
}

// A `sonde sim` reached by URL says what it is: discovery reads its time scale and profile from
// the x-sonde-sim header (a real vLLM has none: real_vllm_server_info_test).
TEST(SimIdentity, DiscoveryReadsTheSimulatorsTimeScaleAndProfile) {
  SimOptions o = sim_options();
  o.speed = 7.5;
  o.gpu = "a100-40g";
  SimServer sim(o);
  sim.start();
  const Discovery d = discover({base_url(sim), ApiEndpoint::chat, std::nullopt}, "");
  ASSERT_TRUE(d.sim.has_value());
  EXPECT_DOUBLE_EQ(d.sim->time_scale, 7.5);
  EXPECT_EQ(d.sim->profile, sim::profile_label(sim::resolve_config(o)));
  EXPECT_EQ(d.sim->profile, "NVIDIA A100-SXM4-40GB x1 / llama-3.1-8b");
  sim.stop();
}

}  // namespace
}  // namespace sonde
