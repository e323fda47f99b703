// /metrics and /gpu-metrics over HTTP: Prometheus text shape and counters equal to what the
// server served.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <thread>
#include <regex>
#include <set>
#include <sstream>

#include "sim/gpu_metrics.hpp"
#include "sim/sim_config.hpp"
#include "sim/sim_metrics.hpp"
#include "sim/sim_server.hpp"
#include "test_client.hpp"
#include "util/error.hpp"

namespace sonde::sim::testing {
namespace {

using json = nlohmann::json;

// One sample line of Prometheus text: name, labels and value.
struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// A small Prometheus text checker: every sample line well-formed, every family announced by
// # HELP and # TYPE before its samples. Returns the samples.
std::vector<Sample> parse_prometheus(const std::string& text) {
  static const std::regex sample_re(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$)");
  static const std::regex label_re(R"lbl(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)")lbl");
  std::vector<Sample> out;
  std::set<std::string> helped, typed;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# HELP ", 0) == 0) {
      helped.insert(line.substr(7, line.find(' ', 7) - 7));
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      typed.insert(line.substr(7, line.find(' ', 7) - 7));
      continue;
    }
    std::smatch m;
    EXPECT_TRUE(std::regex_match(line, m, sample_re)) << "bad line: " << line;
    if (m.empty()) continue;
    Sample s;
    s.name = m[1];
    const std::string labels = m[3];
    for (auto it = std::sregex_iterator(labels.begin(), labels.end(), label_re);
         it != std::sregex_iterator(); ++it) {
      s.labels[(*it)[1]] = (*it)[2];
    }
    s.value = m[4] == "+Inf" ? INFINITY : std::stod(m[4]);
    std::string family = s.name;
    for (const char* suffix : {"_bucket", "_count", "_sum"}) {
      const std::string suf = suffix;
      if (family.size() > suf.size() && family.ends_with(suf) && !typed.count(family)) {
        family = family.substr(0, family.size() - suf.size());
      }
    }
    EXPECT_TRUE(helped.count(family) && typed.count(family)) << "no HELP/TYPE for " << line;
    out.push_back(std::move(s));
  }
  return out;
}

double value_of(const std::vector<Sample>& samples, const std::string& name,
                const std::map<std::string, std::string>& labels = {}) {
  for (const auto& s : samples) {
    if (s.name != name) continue;
    bool match = true;
    for (const auto& [k, v] : labels) match = match && s.labels.count(k) && s.labels.at(k) == v;
    if (match) return s.value;
  }
  ADD_FAILURE() << "no sample " << name;
  return -1;
}

SimOptions options() {
  SimOptions o;
  o.port = 0;
  o.served_model_name = "m";
  o.max_model_len = 4096;
  o.speed = 1000;
  o.gpus = 2;
  return o;
}

json chat(const std::string& content, int max_tokens, bool stream) {
  return {{"model", "m"},
          {"messages", {{{"role", "user"}, {"content", content}}}},
          {"max_tokens", max_tokens},
          {"stream", stream},
          {"ignore_eos", true},
          {"stream_options", {{"include_usage", true}}}};
}

TEST(SimMetrics, CountersEqualWhatWasServed) {
  SimServer server(options());
  server.start();
  TestClient c(server.port());
  int64_t prompt = 0, completion = 0;
  const std::string repeated(4000, 'a');  // long enough for many full blocks
  const std::vector<std::pair<std::string, bool>> asks = {
      {"first question", true}, {repeated, false}, {repeated, true}, {"last one", false}};
  for (const auto& [content, stream] : asks) {
    const auto res = c.post("/v1/chat/completions", chat(content, 7, stream));
    ASSERT_EQ(res.result_int(), 200u) << res.body();
    const auto body =
        stream ? json::parse(sse_payloads(res.body()).end()[-2]) : json::parse(res.body());
    prompt += body.at("usage").at("prompt_tokens").get<int64_t>();
    completion += body.at("usage").at("completion_tokens").get<int64_t>();
  }
  const auto res = c.get("/metrics");
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res[http::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
  const auto samples = parse_prometheus(res.body());
  const std::map<std::string, std::string> l = {{"model_name", "m"}, {"engine", "0"}};
  EXPECT_EQ(value_of(samples, "vllm:prompt_tokens_total", l), static_cast<double>(prompt));
  EXPECT_EQ(value_of(samples, "vllm:generation_tokens_total", l), static_cast<double>(completion));
  EXPECT_EQ(value_of(samples, "vllm:request_success_total", {{"finished_reason", "length"}}), 4);
  EXPECT_EQ(value_of(samples, "vllm:request_success_total", {{"finished_reason", "stop"}}), 0);
  EXPECT_GT(value_of(samples, "vllm:prefix_cache_hits_total", l), 0);  // the repeated prompt
  EXPECT_EQ(value_of(samples, "vllm:prefix_cache_queries_total", l), static_cast<double>(prompt));
  EXPECT_EQ(value_of(samples, "vllm:num_requests_running", l), 0);
  EXPECT_EQ(value_of(samples, "vllm:kv_cache_usage_perc", l), 0);
  EXPECT_EQ(value_of(samples, "vllm:time_to_first_token_seconds_count", l), 4);
  EXPECT_EQ(value_of(samples, "vllm:inter_token_latency_seconds_count", l), 4 * 6);
  EXPECT_EQ(value_of(samples, "vllm:e2e_request_latency_seconds_count", l), 4);
  EXPECT_EQ(value_of(samples, "vllm:request_prompt_tokens_sum", l), static_cast<double>(prompt));
  EXPECT_GT(value_of(samples, "vllm:prompt_tokens_created", l), 1.7e9);
  // Histogram buckets: vLLM's bounds, cumulative, +Inf equal to the count.
  std::vector<double> ttft_le;
  double previous = 0;
  for (const auto& s : samples) {
    if (s.name != "vllm:time_to_first_token_seconds_bucket") continue;
    EXPECT_GE(s.value, previous);
    previous = s.value;
    if (s.labels.at("le") != "+Inf") ttft_le.push_back(std::stod(s.labels.at("le")));
  }
  EXPECT_EQ(ttft_le, ttft_buckets());
  EXPECT_EQ(previous, 4);
  const auto stats = server.stats();
  const auto& info = value_of(samples, "vllm:cache_config_info",
                              {{"block_size", "16"},
                               {"cache_dtype", "auto"},
                               {"enable_prefix_caching", "True"},
                               {"gpu_memory_utilization", "0.9"},
                               {"num_gpu_blocks", std::to_string(stats.num_gpu_blocks)}});
  EXPECT_EQ(info, 1.0);
  EXPECT_EQ(stats.prompt_tokens_total, prompt);
  EXPECT_EQ(stats.kv_cache_capacity_tokens, stats.num_gpu_blocks * 16);
}

TEST(SimMetrics, GpuMetricsLookLikeDcgm) {
  SimServer server(options());
  server.start();
  TestClient c(server.port());
  const auto res = c.get("/gpu-metrics");
  ASSERT_EQ(res.result_int(), 200u);
  const auto samples = parse_prometheus(res.body());
  const auto cfg = resolve_config(options());
  for (const std::string gpu : {"0", "1"}) {
    const std::map<std::string, std::string> l = {
        {"gpu", gpu}, {"modelName", "NVIDIA H100 80GB HBM3"}, {"Hostname", "sonde-sim"}};
    const double used = value_of(samples, "DCGM_FI_DEV_FB_USED", l);
    EXPECT_EQ(used + value_of(samples, "DCGM_FI_DEV_FB_FREE", l),
              static_cast<double>(cfg.gpu.memory_mib));
    EXPECT_EQ(value_of(samples, "DCGM_FI_DEV_GPU_UTIL", l), 0);  // idle
    if (gpu == "0") {
      // vLLM reserves ~gpu_memory_utilization of the card at start-up, nearly flat.
      EXPECT_GT(used, 0.85 * static_cast<double>(cfg.gpu.memory_mib));
      EXPECT_LT(used, 0.92 * static_cast<double>(cfg.gpu.memory_mib));
    } else {
      EXPECT_EQ(used, 0);  // a visible GPU the engine does not use
    }
  }
  std::set<std::string> uuids;
  for (const auto& s : samples) uuids.insert(s.labels.at("UUID"));
  EXPECT_EQ(uuids.size(), 2u);
  EXPECT_TRUE(std::regex_match(
      *uuids.begin(),
      std::regex("GPU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")));
}

// Power from the GPU profile (H100: 70 W idle, 700 W board) and an energy counter that rises
// with simulated time: idle power all along, the busy increment while the engine steps.
TEST(SimMetrics, GpuMetricsModelPowerAndEnergy) {
  SimServer server(options());
  server.start();
  TestClient c(server.port());
  const auto cfg = resolve_config(options());
  ASSERT_EQ(cfg.gpu.idle_power_w, 70);
  ASSERT_EQ(cfg.gpu.board_power_w, 700);
  const auto energy_mj = [&](const std::string& gpu) {
    const auto samples = parse_prometheus(c.get("/gpu-metrics").body());
    return value_of(samples, "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", {{"gpu", gpu}});
  };
  const auto idle = parse_prometheus(c.get("/gpu-metrics").body());
  EXPECT_EQ(value_of(idle, "DCGM_FI_DEV_POWER_USAGE", {{"gpu", "0"}}), 70);
  EXPECT_EQ(value_of(idle, "DCGM_FI_DEV_POWER_USAGE", {{"gpu", "1"}}), 70);
  const double e0 = energy_mj("0"), idle0 = energy_mj("1");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // 20 simulated s at speed 1000
  const double e1 = energy_mj("0");
  EXPECT_GE(e1 - e0, 70.0 * 20 * 1000 * 0.99);  // at least idle power over the pause
  EXPECT_LT(e1 - e0, 70.0 * 1000 * 1000);       // and not a whole simulated second per ms
  // Work adds the busy increment to GPU 0 only (GPU 1 is visible but unused).
  const double before0 = energy_mj("0"), before1 = energy_mj("1");
  ASSERT_EQ(c.post("/v1/chat/completions", chat("some work", 200, false)).result_int(), 200u);
  const double after0 = energy_mj("0"), after1 = energy_mj("1");
  EXPECT_GT(after0 - before0, after1 - before1);
  EXPECT_GE(after1, before1);
  EXPECT_GE(idle0, 0);
  // gpu_energy_j is the formula the counter follows.
  EXPECT_DOUBLE_EQ(gpu_energy_j(cfg, 10, 4), 70 * 10 + 630 * 4);
  EXPECT_DOUBLE_EQ(gpu_power_w(cfg, 50), 70 + 630 * 0.5);
}

TEST(SimMetrics, SpeculativeDecodingCountersOnlyWhenOn) {
  {
    SimServer server(options());
    server.start();
    TestClient c(server.port());
    EXPECT_EQ(c.get("/metrics").body().find("spec_decode"), std::string::npos);
  }
  SimOptions o = options();
  o.speculative_tokens = 3;
  o.acceptance_rate = 0.7;
  SimServer server(o);
  server.start();
  TestClient c(server.port());
  ASSERT_EQ(c.post("/v1/chat/completions", chat("draft me", 400, true)).result_int(), 200u);
  const auto samples = parse_prometheus(c.get("/metrics").body());
  const std::map<std::string, std::string> l = {{"model_name", "m"}, {"engine", "0"}};
  const double drafts = value_of(samples, "vllm:spec_decode_num_drafts_total", l);
  const double drafted = value_of(samples, "vllm:spec_decode_num_draft_tokens_total", l);
  const double accepted = value_of(samples, "vllm:spec_decode_num_accepted_tokens_total", l);
  EXPECT_GT(drafts, 50);
  EXPECT_LE(drafted, 3 * drafts);
  // Every step yields the accepted tokens plus one; the first token comes from the prefill, and
  // a last step with one token left has nothing to draft.
  const double generated = value_of(samples, "vllm:generation_tokens_total", l);
  EXPECT_EQ(generated, 400);
  EXPECT_GE(generated, 1 + drafts + accepted);
  EXPECT_LE(generated, 2 + drafts + accepted);
  double per_pos = 0, previous = drafts;
  for (const std::string k : {"0", "1", "2"}) {
    auto labels = l;
    labels["position"] = k;
    const double v = value_of(samples, "vllm:spec_decode_num_accepted_tokens_per_pos_total", labels);
    EXPECT_LE(v, previous);  // position k is only reached when k-1 was accepted
    previous = v;
    per_pos += v;
  }
  EXPECT_EQ(per_pos, accepted);
}

TEST(SimMetrics, PrometheusFloatsLikePython) {
  EXPECT_EQ(prom_float(0), "0.0");
  EXPECT_EQ(prom_float(15000), "15000.0");
  EXPECT_EQ(prom_float(0.25), "0.25");
  EXPECT_EQ(prom_float(1729658412.5123), "1.7296584125123e+09");
  EXPECT_EQ(prom_float(INFINITY), "+Inf");
  EXPECT_EQ(token_count_buckets(4096),
            (std::vector<double>{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000}));
}

TEST(SimServerStart, InvalidConfigurationThrowsWithVllmText) {
  SimOptions o = options();
  o.gpu = "l4";
  o.model_profile = "llama-3.1-70b";
  SimServer server(o);
  try {
    server.start();
    ADD_FAILURE() << "start() should have thrown";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("CUDA out of memory"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sonde::sim::testing
