// A very high --speed: steps that are due together are delivered as one batch and each
// connection writes them at once; every chunk still carries the instant of the write that sent
// it. And the peak gauges that sampling would miss.
#include <gtest/gtest.h>

#include <ctime>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "sim/sim_server.hpp"
#include "test_client.hpp"

namespace sonde::sim::testing {
namespace {

using json = nlohmann::json;

int64_t mono_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

SimOptions very_fast() {
  SimOptions o;
  o.port = 0;
  o.model = "test/model";
  o.served_model_name = "m";
  o.max_model_len = 8192;
  o.speed = 1e9;  // every step is due at once: only the batching bounds a batch
  o.emit_send_times = true;
  return o;
}

json chat_body(const std::string& content, int max_tokens) {
  return {{"model", "m"},
          {"messages", {{{"role", "user"}, {"content", content}}}},
          {"max_tokens", max_tokens},
          {"stream", true},
          {"ignore_eos", true},
          {"stream_options", {{"include_usage", true}}}};
}

// The value of the sample `name` on a /metrics page (the model's series); -1 when absent.
double sample(const std::string& page, const std::string& name) {
  const std::regex re("^" + name + R"(\{[^}]*model_name="m"[^}]*\} (\S+)$)");
  std::smatch m;
  std::istringstream in(page);
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, m, re)) return std::stod(m[1]);
  }
  return -1;
}

TEST(SimCoalesce, EveryChunkCarriesTheInstantOfTheWriteThatSentIt) {
  SimServer server(very_fast());
  server.start();
  constexpr int kClients = 4;
  constexpr int kTokens = 3000;
  std::vector<std::thread> threads;
  std::vector<std::vector<int64_t>> stamps(kClients);
  std::vector<int64_t> sent(kClients), received(kClients);
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      TestClient c(server.port());
      sent[i] = mono_ns();
      const auto body =
          c.post("/v1/chat/completions", chat_body("client " + std::to_string(i), kTokens)).body();
      received[i] = mono_ns();
      for (const auto& e : sse_payloads(body)) {
        if (e == "[DONE]") continue;
        const auto j = json::parse(e);  // every event is valid JSON
        if (j.contains("sim_t_ns")) stamps[i].push_back(j["sim_t_ns"].get<int64_t>());
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kClients; ++i) {
    ASSERT_EQ(stamps[i].size(), size_t(kTokens)) << "client " << i;  // one per token chunk
    std::set<int64_t> writes(stamps[i].begin(), stamps[i].end());
    // Chunks of one batch share their write's instant: far fewer writes than chunks.
    EXPECT_LT(writes.size(), size_t(kTokens) / 2) << "client " << i;
    for (size_t k = 0; k < stamps[i].size(); ++k) {
      EXPECT_GE(stamps[i][k], sent[i]);
      EXPECT_LE(stamps[i][k], received[i]);
      if (k > 0) {
        EXPECT_GE(stamps[i][k], stamps[i][k - 1]);  // written in order
      }
    }
  }
  const auto stats = server.stats();
  EXPECT_EQ(stats.generation_tokens_total, int64_t(kClients) * kTokens);
  EXPECT_EQ(stats.num_requests_running, 0);
  server.stop();
}

TEST(SimCoalesce, PeakGaugesKeepWhatAnIdleSnapshotMissesUntilReset) {
  SimOptions o = very_fast();
  o.emit_send_times = false;
  SimServer server(o);
  server.start();
  constexpr int kClients = 6;
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      TestClient c(server.port());
      c.post("/v1/chat/completions", chat_body(std::string(2000, 'a' + char(i)), 50));
    });
  }
  for (auto& t : threads) t.join();
  TestClient c(server.port());
  const std::string page = c.get("/metrics").body();
  EXPECT_EQ(sample(page, "vllm:kv_cache_usage_perc"), 0);  // idle now: a sample sees nothing
  EXPECT_EQ(sample(page, "vllm:num_requests_running"), 0);
  EXPECT_GT(sample(page, "sonde_sim:kv_cache_usage_peak_perc"), 0);
  EXPECT_LE(sample(page, "sonde_sim:kv_cache_usage_peak_perc"), 1);
  EXPECT_GE(sample(page, "sonde_sim:num_requests_running_peak"), 1);
  EXPECT_LE(sample(page, "sonde_sim:num_requests_running_peak"), kClients);
  EXPECT_GE(sample(page, "sonde_sim:num_requests_waiting_peak"), 0);

  const auto reset = c.request(http::verb::post, "/admin/reset-peaks", "{}");
  EXPECT_EQ(reset.result_int(), 200u);
  const std::string after = c.get("/metrics").body();
  EXPECT_EQ(sample(after, "sonde_sim:kv_cache_usage_peak_perc"), 0);
  EXPECT_EQ(sample(after, "sonde_sim:num_requests_running_peak"), 0);
  EXPECT_EQ(sample(after, "sonde_sim:num_requests_waiting_peak"), 0);
  EXPECT_EQ(c.get("/admin/reset-peaks").result_int(), 405u);
  server.stop();
}

}  // namespace
}  // namespace sonde::sim::testing
