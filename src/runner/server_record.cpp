#include "runner/server_record.hpp"

#include <fmt/format.h>

#include "runner/settings.hpp"
#include "sim/sim_config.hpp"
#include "sim/sim_server.hpp"
#include "telemetry/environment.hpp"
#include "telemetry/gpu_probe.hpp"
#include "telemetry/system_specs.hpp"

namespace sonde {
namespace {

std::string host_of(const std::string& url) {
  auto rest = url.substr(url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
  const auto at = rest.find('@');
  if (at != std::string::npos && at < rest.find('/')) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') return rest.substr(1, rest.find(']') - 1);
  return rest.substr(0, rest.find_first_of(":/"));
}

std::vector<ServerSetting> sim_settings(const SimOptions& options) {
  const sim::SimConfig c = sim::resolve_config(options);
  const SimOptions& o = c.options;
  auto flag = [](bool b) { return std::string(b ? "true" : "false"); };
  return {{"model", o.model, "simulator"},
          {"tensor-parallel-size", std::to_string(c.tp), "simulator"},
          {"quantization", o.quantization.empty() ? "none" : o.quantization, "simulator"},
          {"gpu-memory-utilization", fmt::format("{}", o.gpu_memory_utilization), "simulator"},
          {"max-model-len", std::to_string(o.max_model_len), "simulator"},
          {"enable-chunked-prefill", flag(o.enable_chunked_prefill), "simulator"},
          {"max-num-batched-tokens", std::to_string(o.max_num_batched_tokens), "simulator"},
          {"max-num-seqs", std::to_string(o.max_num_seqs), "simulator"},
          {"enable-prefix-caching", flag(o.enable_prefix_caching), "simulator"},
          {"block-size", std::to_string(o.block_size), "simulator"},
          {"dtype", o.dtype, "simulator"},
          {"kv-cache-dtype", c.cache_dtype, "simulator"}};
}

}  // namespace

bool is_local_url(const std::string& base_url) {
  const std::string host = host_of(base_url);
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

TelemetrySources record_server(RunResult& run, const Plan& plan, const Endpoint& ep,
                               const SimOptions* sim) {
  TelemetrySources t;
  t.metrics_url = ep.base_url + "/metrics";
  t.api_key = ep.api_key;
  t.model_name = run.target.model;
  t.time_scale = effective_time_scale(plan);

  GpuProbeOptions gpu_options;
  gpu_options.metrics_url = plan.options.gpu_metrics_url;
  // A simulator's GPUs are its /gpu-metrics, never this host's (unless a URL was given).
  const bool simulated = sim != nullptr || plan.wiring.simulated_server;
  if (sim != nullptr || (simulated && gpu_options.metrics_url.empty())) {
    gpu_options.metrics_url = ep.base_url + "/gpu-metrics";
  }
  const bool local = sim != nullptr || is_local_url(ep.base_url);
  GpuProbe probe = (local || !gpu_options.metrics_url.empty()) ? probe_gpus(gpu_options) : GpuProbe{};
  if (!local && gpu_options.metrics_url.empty()) {
    probe.inventory.source = "none";
    probe.inventory.note =
        "the server is on another host; pass --gpu-metrics-url with its DCGM "
        "exporter to record its GPUs";
  }
  run.environment =
      Environment{read_system_specs(), probe.inventory, local ? "server host" : "client host"};
  t.gpu_read = probe.read;
  t.gpu_source = probe.inventory.source;

  auto& settings = run.server.settings;
  if (sim != nullptr) {
    for (const auto& s : sim_settings(*sim)) add_setting(settings, s, run.warnings);
  }
  for (const auto& s :
       settings_from_args(split_words(plan.server_args), plan.wiring.server_args_source)) {
    add_setting(settings, s, run.warnings);
  }
  for (const auto& [name, value] : plan.suite_server_settings) {
    add_setting(settings, {name, value, "suite"}, run.warnings);
  }
  if (run.server.max_model_len > 0) {
    add_setting(settings, {"max-model-len", std::to_string(run.server.max_model_len), "/v1/models"},
                run.warnings);
  }
  if (const auto page = scrape_metrics(t.metrics_url, t.api_key)) {
    for (const auto& s : settings_from_cache_config(cache_config_info(*page))) {
      add_setting(settings, s, run.warnings);
    }
  } else {
    t.metrics_url.clear();
    run.warnings.push_back(fmt::format(
        "{}/metrics did not answer with Prometheus text: server-side prefill/decode times, "
        "KV-cache usage and preemptions are not measured",
        run.target.base_url));
  }
  return t;
}

}  // namespace sonde
