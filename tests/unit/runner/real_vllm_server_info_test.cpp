// What a run records about a real vLLM server (see tests/support/real_vllm.hpp): discovery of
// the model, max_model_len and version from real /v1/models and /version bodies served over
// loopback, and the settings taken from each real page's vllm:cache_config_info. Every expected
// value was read by eye from the capture named in the test.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "metrics/prometheus.hpp"
#include "metrics/vllm_metrics.hpp"
#include "runner/settings.hpp"
#include "runner/target.hpp"
#include "support/real_vllm.hpp"
#include "unit/client/script_server.hpp"

namespace sonde {
namespace {

using RealVllmServerInfo = test::RealVllm;

// Serves models-1.json at /v1/models and version-1.json at /version, as they were captured.
class CapturedServer {
 public:
  CapturedServer(std::string models, std::string version)
      : models_(std::move(models)), version_(std::move(version)),
        server_([this](const test::SeenRequest& r) {
          test::Script s;
          s.content_type = "application/json";
          const bool models = r.head.rfind("GET /v1/models ", 0) == 0;
          const bool version = r.head.rfind("GET /version ", 0) == 0;
          s.status = models || version ? 200 : 404;
          s.body = {{std::chrono::milliseconds(0), models ? models_ : version ? version_ : "{}"}};
          return s;
        }) {}
  Endpoint endpoint() const { return {server_.base_url(), ApiEndpoint::chat, std::nullopt}; }

 private:
  std::string models_;
  std::string version_;
  test::ScriptServer server_;
};

// aibrix's /v1/models (RST-indented jq output): the base model "Qwen/Qwen2.5-Coder-1.5B-Instruct"
// with max_model_len 32768 first, then LoRA adapters "lora-1" and "lora-2" with max_model_len
// null and root "bharati2324/Qwen2.5-1.5B-Instruct-Code-LoRA-r16v2". /version: 0.4.3.
TEST_F(RealVllmServerInfo, ModelsAndVersion) {
  const CapturedServer server(capture("models-1.json"), capture("version-1.json"));

  const Discovery first = discover(server.endpoint(), "");
  EXPECT_EQ(first.model, "Qwen/Qwen2.5-Coder-1.5B-Instruct");
  EXPECT_EQ(first.server.max_model_len, 32768);
  EXPECT_EQ(first.server.model_root, "Qwen/Qwen2.5-Coder-1.5B-Instruct");
  EXPECT_EQ(first.server.version, "0.4.3");
  EXPECT_FALSE(first.sim.has_value());  // no x-sonde-sim header: a real server

  const Discovery lora = discover(server.endpoint(), "lora-2");
  EXPECT_EQ(lora.model, "lora-2");
  EXPECT_EQ(lora.server.max_model_len, 0);  // null for an adapter: unknown, not a limit of 0
  EXPECT_EQ(lora.server.model_root, "bharati2324/Qwen2.5-1.5B-Instruct-Code-LoRA-r16v2");

  try {
    discover(server.endpoint(), "Qwen2.5-Coder");
    ADD_FAILURE() << "an unserved model name was accepted";
  } catch (const std::exception& e) {
    EXPECT_NE(
        std::string(e.what()).find("served: Qwen/Qwen2.5-Coder-1.5B-Instruct, lora-1, lora-2"),
        std::string::npos)
        << e.what();
  }
}

std::map<std::string, std::string> settings_of(const std::string& page_text) {
  std::map<std::string, std::string> out;
  for (const auto& s :
       settings_from_cache_config(cache_config_info(parse_prometheus_text(page_text)))) {
    EXPECT_EQ(s.source, "cache_config_info");
    out[s.name] = s.value;
  }
  return out;
}

// run.json server.settings from each page's vllm:cache_config_info ("None" is not a setting).
TEST_F(RealVllmServerInfo, SettingsFromCacheConfigInfo) {
  using Settings = std::map<std::string, std::string>;
  EXPECT_EQ(settings_of(capture("metrics-v0.4.3-datadog-fixture.txt")),
            (Settings{{"block-size", "16"},
                      {"enable-prefix-caching", "False"},
                      {"gpu-memory-utilization", "0.9"},
                      {"kv-cache-dtype", "auto"},
                      {"num-gpu-blocks", "7281"}}));
  EXPECT_EQ(settings_of(capture("metrics-v1early-qwen3-0.6b.txt")),
            (Settings{{"block-size", "16"},
                      {"gpu-memory-utilization", "0.9"},
                      {"kv-cache-dtype", "auto"},
                      {"num-gpu-blocks", "2340"}}));
  EXPECT_EQ(settings_of(capture("metrics-v0.7-aibrix-doc-partial.txt")),
            (Settings{{"block-size", "16"},
                      {"enable-prefix-caching", "False"},
                      {"gpu-memory-utilization", "0.9"},
                      {"kv-cache-dtype", "auto"},
                      {"num-gpu-blocks", "81767"}}));
  EXPECT_TRUE(settings_of(capture("metrics-v1-created-series-head40-partial.txt")).empty());
}

}  // namespace
}  // namespace sonde
